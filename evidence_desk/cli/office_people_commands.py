"""office setup, add-user, remove-user, users; matter restrict and unrestrict (office mode)."""

from __future__ import annotations

import argparse
import getpass

from ..core import office_roles, walls
from ..core.errors import ValidationError
from ..core.library import Library
from ..core.office_server import parse_server
from .common import (
    Context,
    add_json_flag,
    add_matter_argument,
    matter_id_named,
    print_fields,
    print_json,
    print_notices,
    print_table,
)


def register_office_actions(actions: argparse._SubParsersAction) -> None:
    """The ``office`` actions that concern the server and its people."""
    setup = actions.add_parser(
        "setup",
        help="prepare the office database for its people (once, by the administrator)",
        description="Run as the administrator role (one that may create roles and owns the "
        "database), after installing and after every upgrade: upgrades the schema, makes "
        "the group role for the program's users, grants it what the program needs, and "
        "checks the ethical walls. With --server and --database it also creates the "
        "library folder (on the shared drive) if it is not there yet.",
    )
    setup.add_argument("--server", metavar="HOST[:PORT]", help="the office's PostgreSQL server")
    setup.add_argument("--database", metavar="NAME", help="the database on it")
    setup.add_argument(
        "--group",
        metavar="NAME",
        help="the group role of the program's users (default: DATABASE"
        f"{office_roles.DEFAULT_GROUP_SUFFIX}; kept once chosen)",
    )
    add_json_flag(setup)
    setup.set_defaults(handler=run_setup)

    add = actions.add_parser(
        "add-user",
        help="let a person use the office library (a database role in the office's group)",
        description="Makes NAME a login role in the office's group (an existing role joins as "
        "it is). The person then connects as NAME: PGUSER=NAME or their login name, and a "
        "password in ~/.pgpass when the server asks for one.",
    )
    add.add_argument("name", metavar="NAME", help="the person's database role")
    add.add_argument(
        "--password-prompt",
        action="store_true",
        help="set the role's password (asked twice, never shown, sent hashed)",
    )
    add_json_flag(add)
    add.set_defaults(handler=run_add_user)

    remove = actions.add_parser(
        "remove-user",
        help="take a person out of the office's group (the role stays; the audit log names it)",
    )
    remove.add_argument("name", metavar="NAME")
    add_json_flag(remove)
    remove.set_defaults(handler=run_remove_user)

    users = actions.add_parser("users", help="list the office's people")
    add_json_flag(users)
    users.set_defaults(handler=run_users)


def register_matter_actions(actions: argparse._SubParsersAction) -> None:
    """``matter restrict`` and ``matter unrestrict``: ethical walls."""
    restrict = actions.add_parser(
        "restrict",
        help="wall a matter off for everyone but its team (office mode)",
        description="Only the team's roles see the matter, its client, documents, notes, "
        "allegations and quotes, in the program and on the database server. You must be on "
        "the team. Run again with another --team to change it.",
    )
    add_matter_argument(restrict)
    restrict.add_argument(
        "--team",
        required=True,
        metavar="NAME[,NAME...]",
        help="database roles (people, or a group role) that may see the matter",
    )
    add_json_flag(restrict)
    restrict.set_defaults(handler=run_restrict)

    unrestrict = actions.add_parser(
        "unrestrict", help="lift a matter's wall: everyone in the office sees it again"
    )
    add_matter_argument(unrestrict)
    add_json_flag(unrestrict)
    unrestrict.set_defaults(handler=run_unrestrict)


def run_setup(args: argparse.Namespace, context: Context) -> int:
    if (args.server is None) != (args.database is None):
        raise ValidationError("give both --server and --database (or neither)")
    if args.server is not None and not Library.exists(context.library_path):
        library = Library.create(
            context.library_path, server=parse_server(args.server, args.database)
        )
        print_notices(library)
        library.close()
    result = office_roles.setup_office(context.library(write=True), group=args.group)
    if args.json:
        print_json(result)
        return 0
    print_fields(
        [
            ("Administrator", result.administrator),
            ("Group", result.group + (" (created)" if result.group_created else "")),
            ("Walled tables", len(result.walled_tables)),
            ("People", ", ".join(result.members) or "(none yet: office add-user NAME)"),
        ]
    )
    return 0


def run_add_user(args: argparse.Namespace, context: Context) -> int:
    password = None
    if args.password_prompt:
        password = getpass.getpass(f"Password for {args.name}: ")
        if not password:
            raise ValidationError("the password is empty")
        if getpass.getpass("Again: ") != password:
            raise ValidationError("the two passwords differ; nothing was changed")
    user = office_roles.add_user(context.library(write=True), args.name, password=password)
    if args.json:
        print_json(user)
    elif user.created:
        print(f"Added {user.name}: a new login role in the office's group")
    else:
        print(f"Added {user.name} (an existing role) to the office's group")
    return 0


def run_remove_user(args: argparse.Namespace, context: Context) -> int:
    user = office_roles.remove_user(context.library(write=True), args.name)
    if args.json:
        print_json(user)
    else:
        print(f"Removed {user.name} from the office's group (the role itself is kept)")
    return 0


def run_users(args: argparse.Namespace, context: Context) -> int:
    users = office_roles.list_users(context.library())
    if args.json:
        print_json(users)
    else:
        rows = [[user.name, "yes" if user.can_log_in else "no"] for user in users]
        print_table(["ROLE", "CAN LOG IN"], rows)
    return 0


def run_restrict(args: argparse.Namespace, context: Context) -> int:
    team = [name.strip() for name in args.team.split(",") if name.strip()]
    library = context.library(write=True)
    wall = walls.restrict_matter(library, matter_id_named(library, args.matter), team)
    if args.json:
        print_json(wall)
    else:
        print(
            f"Matter {wall.file_number} is restricted to {', '.join(wall.team)}; everyone else "
            "in the office no longer sees it (its folder on the shared drive needs the file "
            "server's own permissions)"
        )
    return 0


def run_unrestrict(args: argparse.Namespace, context: Context) -> int:
    library = context.library(write=True)
    wall = walls.unrestrict_matter(library, matter_id_named(library, args.matter))
    if args.json:
        print_json(wall)
    else:
        print(f"Matter {wall.file_number} is no longer restricted; everyone in the office sees it")
    return 0

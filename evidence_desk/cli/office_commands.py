"""office commands: the office's particulars for court papers (court, Part, signature), and
(``office_people_commands``) the office server's people."""

from __future__ import annotations

import argparse

from ..core.office_settings import (
    CITATION_STYLES,
    COURT_FORMS,
    FIELD_LABELS,
    FIELDS,
    MULTILINE_FIELDS,
    load_office_settings,
    missing_for_motion,
    save_office_settings,
)
from .common import Context, add_json_flag, print_fields, print_json
from .office_people_commands import register_office_actions

_HELP = {
    "court_form": "criminal (Criminal Court of the City of New York) or supreme (Supreme Court)",
    "county": "the county in the caption, e.g. Bronx",
    "part": "the Part the motion is made in, e.g. AP-7 (an export can give another)",
    "court_address": "where the Part sits, for the notice of motion",
    "attorney": "the attorney who signs",
    "office": "the office's name",
    "address": "one line of the office's address (repeat for each line)",
    "phone": "the office's telephone number",
    "email": "the attorney's email address",
    "signature": "the signature line's words, e.g. '/s/ Jordan Lee' (empty: signed by hand)",
    "city": "where papers are dated, e.g. 'Bronx, New York'",
    "district_attorney": "one line of the District Attorney served (repeat for each line)",
    "affirmation": "the affirmation's wording (CPLR 2106); must contain {date}",
    "citation_style": f"{' or '.join(CITATION_STYLES)}",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    office = subparsers.add_parser(
        "office", help="the office's details for court papers; the office server's people"
    )
    actions = office.add_subparsers(dest="office_command", metavar="ACTION")
    actions.required = True

    settings = actions.add_parser(
        "settings",
        help="show or change the court, Part, attorney and signature used in motion papers",
        description="Without options, show the settings. An option given as '' clears it.",
    )
    for name in FIELDS:
        option = "--" + name.replace("_", "-")
        if name in ("address", "district_attorney"):
            settings.add_argument(option, action="append", metavar="LINE", help=_HELP[name])
        elif name == "court_form":
            settings.add_argument(option, choices=sorted(COURT_FORMS), help=_HELP[name])
        elif name == "citation_style":
            settings.add_argument(option, choices=sorted(CITATION_STYLES), help=_HELP[name])
        else:
            settings.add_argument(option, metavar="TEXT", help=_HELP[name])
    add_json_flag(settings)
    settings.set_defaults(handler=run_settings)
    register_office_actions(actions)


def run_settings(args: argparse.Namespace, context: Context) -> int:
    changes: dict[str, str] = {}
    for name in FIELDS:
        value = getattr(args, name)
        if value is None:
            continue
        if isinstance(value, list):
            # '' alone clears the field; otherwise each option is one line.
            value = "\n".join(line for line in value if line.strip())
        changes[name] = value
    if changes:
        settings = save_office_settings(context.library(write=True), changes)
    else:
        settings = load_office_settings(context.library())
    missing = missing_for_motion(settings)
    if args.json:
        print_json({**_as_dict(settings), "missing_for_motion": missing})
        return 0
    if changes:
        print(f"Saved: {', '.join(FIELD_LABELS[name].lower() for name in changes)}")
    pairs = []
    for name in FIELDS:
        value = getattr(settings, name)
        if name in MULTILINE_FIELDS:
            value = " / ".join(line.strip() for line in value.splitlines() if line.strip())
        pairs.append((FIELD_LABELS[name], value or "(not set)"))
    print_fields(pairs)
    if missing:
        print(
            f"Motions will have marked blanks for: {', '.join(label.lower() for label in missing)}"
        )
    return 0


def _as_dict(settings: object) -> dict[str, str]:
    return {name: getattr(settings, name) for name in FIELDS}

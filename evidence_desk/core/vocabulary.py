"""The fixed word lists of the domain, shared by services, records, the CLI and the GUI.

Stored values are these lower-case codes; labels are what people read.
"""

from __future__ import annotations

MATTER_STATUSES = ("open", "closed")

CLIENT_IDENTIFIER_KINDS = {
    "aka": "Other name",
    "nysid": "NYSID",
    "arrest_number": "Arrest number",
    "phone": "Phone",
    "address": "Address",
    "email": "Email",
    "other": "Other identifier",
}

DOCUMENT_KINDS = ("pdf", "docx", "text", "image", "other")
DOCUMENT_STATUSES = {
    "ok": "Text extracted",
    "encrypted": "Encrypted (password needed)",
    "needs_ocr": "Needs OCR",
    "unreadable": "Unreadable",
    "no_text": "Stored (no text)",
}
# What is known of one page's text (core.ingest.scans decides it).
PAGE_STATUSES = {
    "text": "Text extracted",
    "ocr": "Text read by OCR",
    "needs_ocr": "Needs OCR (scanned, no text layer)",
    "empty": "Blank page",
    "unreadable": "Unreadable (damaged)",
    "locked": "Encrypted (password needed)",
}
DOCUMENT_SOURCES = {
    "discovery": "Discovery production",
    "client": "From the client",
    "court": "Court filing",
    "investigation": "Defense investigation",
    "oversight": "Oversight body (CCRB, IAB, IG)",
    "public": "Public record",
    "other": "Other",
}

OFFICER_IDENTIFIER_KINDS = {
    "shield": "Shield/badge no.",
    "tax_id": "Tax id",
    "employee": "Employee no.",
    "uc": "Undercover no.",
    "mos_id": "CCRB officer id",
}
# Identifiers that stay with one person for a whole career (unlike shields, which are
# reissued): a match on one of these finds the same officer again in a later roster.
STABLE_IDENTIFIER_KINDS = ("tax_id", "employee", "mos_id")

PUBLIC_RECORD_KINDS = {
    "complaint": "Complaint (oversight body)",
    "lawsuit": "Lawsuit",
    "credibility_finding": "Court finding on credibility",
}

MATCH_CONFIDENCES = {
    "high": "High",
    "possible": "Possible",
    "weak": "Weak",
}

OFFICER_ROLES = {
    "accused": "Accused",
    "present": "Present",
    "witness": "Witness",
    "unidentified": "Unidentified",
}

ALLEGATION_SOURCES = {
    "client_statement": "Client statement",
    "police_paperwork": "Police paperwork",
    "oversight_complaint": "Complaint to oversight body",
    "witness": "Witness",
    "other": "Other",
}

ALLEGATION_STATUSES = {
    "alleged": "Alleged",
    "corroborated": "Corroborated",
    "substantiated": "Substantiated",
    "unsubstantiated": "Unsubstantiated",
    "unfounded": "Unfounded",
    "exonerated": "Exonerated",
}

REPORTED_TO = {
    "iab": "Internal Affairs Bureau",
    "ccrb": "CCRB",
    "inspector_general": "Inspector General",
    "da": "District Attorney",
    "court": "Court",
    "none": "Not reported",
}

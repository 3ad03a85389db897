"""The employees' programme: what is not SQL in enrolment, content governance and suggestions.

- `people_csv`: the invitations file (all or nothing, one message per bad row);
- `opengraph`: a page's title, description and image, for `ambassade content add URL`;
- `governance`: adding, approving (the charter checks the suggested texts), rejecting,
  expiring library items, and proposing positive public mentions;
- `suggest`: ranked, explained suggestions per employee;
- `texts`: suggested texts that vary from one person to the next;
- `share_url`: the one place that says which URL a suggested text links to.

The records themselves live in the store (`store.enrolment`, `store.library`).
"""

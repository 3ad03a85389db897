"""Text questions every folder asks the same way: does it name the brand, which language is it.

`ambassade.text.folding` (case, accents, look-alikes, invisibles; offsets back to the original),
`ambassade.text.terms` (`TermMatcher`), `ambassade.text.language` (`detect_language`, `load_model`),
`ambassade.text.controls` (`clean_id`, `safe_display`: no terminal escape or bidi override).
Nothing here imports the other folders, so collectors, scoring and the charter can all use it.
"""

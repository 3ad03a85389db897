"""The dashboard's server process: Streamlit's own command line, with its first multipage mode off.

`ambassade dashboard` and `ambassade demo` run `python -m dashboard.launch run dashboard/app.py …`.
Streamlit serves the scripts of a `pages/` folder beside the entry script directly by URL (its
first multipage mode) until some session has called `st.navigation`: the first visitor after a
start could open `/overview` without the entry script, so without sign-in and without a role.
Ambassade routes every page through `st.navigation` only.
"""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli


def main() -> None:
    PagesManager.uses_pages_directory = False      # st.navigation sets the same once it has run
    sys.exit(cli.main(prog_name="streamlit"))


if __name__ == "__main__":
    main()

"""The dashboard's server process: Streamlit's own command line, with its first multipage mode off.

`ambassade dashboard` and `ambassade demo` run `python -m dashboard.launch run dashboard/app.py …`.
Streamlit serves the scripts of a `pages/` folder beside the entry script directly by URL (its
first multipage mode) until some session has called `st.navigation`: the first visitor after a
start could open `/overview` without the entry script, so without sign-in and without a role.
Ambassade routes every page through `st.navigation` only.

As the server starts, it imports what the first page needs (`preload`, in a thread): pandas,
Altair, the store and the dashboard's modules take one to two seconds to import, which the
first visitor after a start would otherwise wait for (issue 17: the first load under 2 s).
"""

from __future__ import annotations

import importlib
import sys
import threading
import time

from streamlit import runtime
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli


# What the entry script, sign-in and the first pages (the overview, an employee's own page) import,
# with what the libraries import on their first chart, frame and icon (found by comparing
# sys.modules before and after a first load).
FIRST_PAGE_MODULES = ("pandas", "altair", "pyarrow", "duckdb", "dashboard.queries", "dashboard.auth",
                      "dashboard.roles", "dashboard.settings", "dashboard.filters", "dashboard.display",
                      "dashboard.charts", "dashboard.incidents_view", "ambassade.text.topics", "store.incidents",
                      "dotenv", "pyarrow.pandas_compat", "narwhals._pandas_like.dataframe", "streamlit.emojis",
                      "streamlit.material_icon_names")


def preload(wait_seconds: float = 30.0) -> None:
    """Import the first page's modules once Streamlit's runtime exists (Streamlit runs the
    scripts in this process: their imports then find the modules loaded; a script that starts
    meanwhile waits on the module being imported, as it would have imported it itself). Before
    the runtime, each cached function would log a warning that there is no cache yet."""
    deadline = time.monotonic() + wait_seconds
    while not runtime.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    for name in FIRST_PAGE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass        # a library's internal module moved: the page imports what it needs itself


def main() -> None:
    PagesManager.uses_pages_directory = False      # st.navigation sets the same once it has run
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        threading.Thread(target=preload, name="ambassade-preload", daemon=True).start()
    sys.exit(cli.main(prog_name="streamlit"))


if __name__ == "__main__":
    main()

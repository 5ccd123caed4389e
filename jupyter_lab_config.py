"""JupyterLab's configuration for this course: `make lab`, `make lab-reference` and the browser
test start Lab with `--config=jupyter_lab_config.py`.

Nothing from Lab reaches the internet by itself: no "Jupyter news" feed, no check for a newer
JupyterLab, and no pop-up asking every new user whether to fetch the news (that answer is a
setting: jupyter_settings/overrides.json gives it, as the default of every user). The RISE
slides do not either: every notebook's metadata picks reveal.js's "white" theme, whose font
ships with it, instead of RISE's default "simple", which loads its fonts from Google.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
c = get_config()  # noqa: F821 - Jupyter provides get_config() when it reads this file

c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
# Lab's own defaults for settings come from this folder (overrides.json), not from the venv's.
c.LabApp.app_settings_dir = str(HERE / "jupyter_settings")

# The diagrams in the live slides: tools/rise_images.py works around jupyterlab-rise asking for
# a notebook's ../images/x.png at the server's root.
sys.path.insert(0, str(HERE / "tools"))
c.ServerApp.jpserver_extensions.update({"rise_images": True})

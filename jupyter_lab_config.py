"""JupyterLab's configuration for this course: `make lab`, `make lab-reference` and the browser
test start Lab with `--config=jupyter_lab_config.py`.

Nothing from Lab reaches the internet by itself: no "Jupyter news" feed (and so no pop-up asking
every new user whether to fetch it), no check for a newer JupyterLab. (The RISE slides do not
either: every notebook's metadata picks reveal.js's "white" theme, whose font ships with it,
instead of RISE's default "simple", which loads its fonts from Google.)
"""

c = get_config()  # noqa: F821 - Jupyter provides get_config() when it reads this file

c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"

"""A small Jupyter server extension: the course's diagrams in the live RISE slides.

jupyterlab-rise 0.43 renders a Markdown image `../images/x.png` of `notebooks/NN.ipynb` as a
request for `/images/x.png` at the server's root (JupyterLab itself asks `/files/images/x.png`),
so without this the slides show a broken image where each diagram should be.
`jupyter_lab_config.py` loads this extension; it serves the repository's `images/` folder at
`/images/`, to logged-in users only (the same handler as Jupyter's own `/files/`).
"""

from pathlib import Path

from jupyter_server.base.handlers import AuthenticatedFileHandler
from jupyter_server.utils import url_path_join

IMAGES = Path(__file__).resolve().parent.parent / "images"


def _load_jupyter_server_extension(serverapp) -> None:
    web_app = serverapp.web_app
    pattern = url_path_join(web_app.settings["base_url"], r"/images/(.*)")
    web_app.add_handlers(".*$", [(pattern, AuthenticatedFileHandler, {"path": str(IMAGES)})])
    serverapp.log.info("rise_images: serving %s at /images/ for the live slides", IMAGES)

# A minimal Sphinx project that embeds the tool in a page, as a chapter of a Jupyter Book or
# Sphinx book would (the book itself is built with Sphinx). Build it with
#   sphinx-build -b html examples/sphinx /tmp/linreg-sphinx
# The tool's address: where it is deployed (LINREG_TOOL overrides it, e.g. for a local copy).
# tests/web/authoring.test.js builds this project and opens the page in Chromium.
import os

project = 'Linear regression from scratch, embedded'
author = 'A course author'
extensions = []
html_theme = 'alabaster'
exclude_patterns = ['_build']

linreg_tool = os.environ.get('LINREG_TOOL', 'https://tool.example.org/linreg/index.html')


# The raw HTML directive does not expand substitutions: the tool's address is written as
# LINREG_TOOL in the sources and replaced here when each page is read.
def _tool_address(app, docname, source):
    source[0] = source[0].replace('LINREG_TOOL', linreg_tool)


def setup(app):
    app.connect('source-read', _tool_address)

"""Installer for atvidaberg.etjanster."""

from pathlib import Path

from setuptools import find_namespace_packages
from setuptools import setup

long_description = Path("README.md").read_text(encoding="utf-8")

setup(
    name="atvidaberg.etjanster",
    version="1.0.0.dev0",
    description="Självserviceportal för Åtvidabergs kommun: e-tjänster, Mina sidor och e-legitimation för Plone 6.2",
    long_description=long_description,
    long_description_content_type="text/markdown",
    classifiers=[
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Programming Language :: Python :: 3.11",
        "Natural Language :: Swedish",
        "License :: OSI Approved :: GNU General Public License v2 (GPLv2)",
    ],
    keywords="Plone e-tjänster självserviceportal kommun",
    author="Åtvidabergs kommun",
    license="GPL version 2",
    packages=find_namespace_packages("src", include=["atvidaberg.*"]),
    package_dir={"": "src"},
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=[
        "Products.CMFPlone>=6.2",
        "plone.api",
        "plone.restapi",
        "plone.app.dexterity",
        "plone.app.registry",
        "plone.app.relationfield",
        "plone.app.z3cform",
        "collective.easyform",
        "fpdf2",
        "httpx",
        "cryptography",
        "segno",
        "lxml",
        "puremagic",
        "aiosmtpd",
    ],
    extras_require={
        "test": [
            "plone.app.testing",
            "pytest",
            "pytest-plone",
            "playwright",
            "axe-playwright-python",
            "zxing-cpp",
            "beautifulsoup4",
            "httpx",
            "hypothesis",
            "zeep",  # the SPAR simulator's WSDL is loaded as a real SOAP client would
            "psutil",  # bench/submissions.py: CPU seconds of Zope and PostgreSQL
        ],
        # `make cluster`: the ZODB in PostgreSQL (psycopg2's wheel: no compiler needed)
        "cluster": [
            "RelStorage",
            "psycopg2-binary",
        ],
        "dev": [
            "ruff",
            "zpretty",
            "i18ndude",
            "sphinx",
            "myst-parser",
        ],
    },
    entry_points={
        "z3c.autoinclude.plugin": ["target = plone"],
        "paste.filter_app_factory": [
            "valid_paths = atvidaberg.etjanster.wsgi:valid_paths",
            "health = atvidaberg.etjanster.wsgi:health",
        ],
        "console_scripts": [
            "etjanster-instance = atvidaberg.etjanster.devserver.instance:main",
            "etjanster-simulators = atvidaberg.etjanster.simulators.server:main",
            "etjanster-mailsink = atvidaberg.etjanster.delivery.sink:main",
        ],
    },
)

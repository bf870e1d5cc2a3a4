"""Every distribution of the repository installs without setuptools warnings: its license is an
SPDX expression, and every file it ships lives in a declared package and matches its
package data."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from setuptools import find_namespace_packages

ROOT = Path(__file__).resolve().parents[1]
DISTRIBUTIONS = [
    ROOT,
    *(
        d
        for pattern in ("plugins/*", "examples/*")
        for d in sorted(ROOT.glob(pattern))
        if (d / "pyproject.toml").exists()
    ),
]


def _config(directory: Path) -> dict[str, Any]:
    return tomllib.loads((directory / "pyproject.toml").read_text())


def declared_packages(directory: Path) -> dict[str, Path]:
    """The import packages a distribution ships, with their source directories."""
    packages = _config(directory)["tool"]["setuptools"]["packages"]
    if isinstance(packages, list):
        return {name: directory / name.replace(".", "/") for name in packages}
    find = packages["find"]  # pyproject's discovery finds namespace packages too
    where = directory / find.get("where", ["."])[0]
    names = find_namespace_packages(
        str(where), include=find.get("include", ["*"]), exclude=find.get("exclude", [])
    )
    return {name: where / name.replace(".", "/") for name in names}


def _files(directory: Path) -> list[Path]:
    return [
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix != ".pyc" and p.name != ".DS_Store"
    ]


def _subdirectories(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if p.is_dir() and p.name != "__pycache__"]


@pytest.mark.parametrize("directory", DISTRIBUTIONS, ids=lambda d: str(d.relative_to(ROOT)))
def test_the_license_is_an_spdx_expression(directory):
    config = _config(directory)
    assert config["project"]["license"] == "Apache-2.0"  # a table is deprecated
    # setuptools reads an SPDX string from 77 on
    setuptools = [
        Requirement(r)
        for r in config["build-system"]["requires"]
        if Requirement(r).name == "setuptools"
    ]
    assert setuptools
    assert all(not r.specifier.contains("76.9") for r in setuptools)


@pytest.mark.parametrize("directory", DISTRIBUTIONS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_shipped_directory_is_a_declared_package(directory):
    packages = declared_packages(directory)
    homes = {path.resolve(): name for name, path in packages.items()}
    undeclared = [
        str(sub.relative_to(directory))
        for path in packages.values()
        for sub in _subdirectories(path)
        if sub.resolve() not in homes and any(sub.rglob("*.*"))
    ]
    assert undeclared == []  # setuptools: "Package … is absent from the `packages` configuration"


@pytest.mark.parametrize("directory", DISTRIBUTIONS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_data_file_is_declared_package_data(directory):
    package_data = _config(directory)["tool"]["setuptools"].get("package-data", {})
    packages = declared_packages(directory)

    def declared(file: Path) -> bool:
        # a pattern of the file's package or of a package above it, relative to that package
        for name, path in packages.items():
            if file.is_relative_to(path):
                relative = file.relative_to(path).as_posix()
                patterns = [*package_data.get(name, []), *package_data.get("*", [])]
                if any(fnmatch(relative, pattern) for pattern in patterns):
                    return True
        return False

    left_out = [
        str(f.relative_to(directory))
        for path in packages.values()
        for f in _files(path)
        if f.suffix != ".py" and not declared(f)
    ]
    assert left_out == []  # it would be missing from the wheel


@pytest.mark.parametrize("directory", DISTRIBUTIONS, ids=lambda d: str(d.relative_to(ROOT)))
def test_an_editable_install_is_a_plain_path_entry(directory):
    # setuptools installs packages that all sit in one mapped directory as a .pth path entry;
    # others get an import hook, announced by an "Editable installation" warning per install.
    config = _config(directory)["tool"]["setuptools"]
    packages = config["packages"]
    if isinstance(packages, dict):
        assert packages["find"].get("where"), "packages.find needs a where directory"
    else:
        assert config.get("package-dir") == {"": "."}

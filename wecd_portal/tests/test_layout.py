"""The tests build what they need from builder modules (factories, pipeline
builders, helpers), never from another test module: importing a test module
chains its fixtures and builders into every importer."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_test_module_imports_another_test_module():
    importing = []
    for path in sorted(ROOT.glob("*/**/tests/**/*.py")):
        if ".venv" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for module in modules:
                if module.rsplit(".", 1)[-1].startswith("test_") and ".tests." in f".{module}":
                    importing.append(f"{path.relative_to(ROOT)} imports {module}")
    assert importing == []

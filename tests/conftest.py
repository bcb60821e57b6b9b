"""pytest configuration: the helpers module beside this file is importable from every test folder."""

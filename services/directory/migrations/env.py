import importlib
import pkgutil

import directory
from directory.db import Base
from etwinning_contracts.runtime.migrations import run

# Every table module of the service (db.py and db_<area>.py) registers its tables on Base.
for module in pkgutil.iter_modules(directory.__path__):
    if module.name == "db" or module.name.startswith("db_"):
        importlib.import_module(f"directory.{module.name}")

run("directory", Base.metadata)

from etwinning_contracts.runtime.migrations import run
from notify.db import Base

run("notify", Base.metadata)

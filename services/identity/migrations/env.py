from etwinning_contracts.runtime.migrations import run
from identity.db import Base

run("identity", Base.metadata)

"""directory's operations, one module per area; each function takes a unit of work ``uow``
(``uow.repo``, ``uow.emit``, ``uow.now()``), the actor and explicit arguments."""

"""The application layer: every user operation, shared by the window and the command line.

Shape of an operation (one module per area, e.g. ``app/plan.py``, ``app/team.py``):

    @dataclass(frozen=True)
    class AddPlanAction:            # the input: plain, typed values (no Qt, no argparse)
        what: str
        owner: str
        due: date

    @dataclass(frozen=True)
    class PlanActionAdded:          # the result: what was made, and what changed
        action_id: int
        changed: Changed = Changed.PLAN

    def add_plan_action(ctx: AppContext, request: AddPlanAction,
                        progress: Progress = NO_PROGRESS) -> PlanActionAdded:
        '''Docstring: shapes, units, errors raised (UserError subclasses with one sentence).'''

Rules (DESIGN.md "Layout"):
- ``desktop_app.ui`` and ``desktop_app.commands`` call operations here; they never import
  ``desktop_app.store``, ``sqlite3`` or each other. Operations own their session or connection
  (through ``AppContext``), report progress through ``desktop_app.progress.Progress`` (which
  raises ``Cancelled`` when the user cancels) and return a result that carries ``changed``.
- Reads that screens need are operations too (``list_visits(ctx) -> list[VisitRow]``), returning
  frozen dataclasses, never ORM objects or ``sqlite3.Row``.
- Bad input raises ``desktop_app.errors.UserError`` with one plain sentence (what is wrong,
  where, what to do); nothing is half-written.
"""

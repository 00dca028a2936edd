"""What Inspect's `inspect_ai` entry point loads: importing the tasks registers them.

pyproject.toml declares `[project.entry-points.inspect_ai] distillq = "distillq.inspect_ext._registry"`;
Inspect imports this module when it resolves a name in the `distillq/` namespace.
"""

from distillq.inspect_ext.tasks import ice, rse

__all__ = ["ice", "rse"]

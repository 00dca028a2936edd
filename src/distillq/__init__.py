"""distillq: quantify how far a large language model was distilled from others."""

__version__ = "0.1.0"

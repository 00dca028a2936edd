"""The core: plain types and registries every layer (store, models, ice, rse) depends on, and nothing above."""

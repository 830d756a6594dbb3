"""Use cases the CLI and the window call (compose, check, issue, send, verify ...).

Services are the only core modules that combine subpackages (templates, rendering, proofing,
register, signing, delivery, merge). Each module here is one use case.
"""

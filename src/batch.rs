//! batch (stub, filled next)

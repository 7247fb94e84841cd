//! Renderers, one file per output format (to be written).

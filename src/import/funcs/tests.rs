//! Unit tests of the function families against Microsoft's documented examples.

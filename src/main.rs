//! The `misec` binary: all behaviour lives in the library's `cli` module.
//! Only the allocator is chosen here, for the process as a whole.

/// mimalloc instead of the system's: the pipeline makes many small,
/// short-lived allocations, and they cost fewer instructions in it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    misec::cli::main()
}

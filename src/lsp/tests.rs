use super::*;

#[test]
fn a_panic_becomes_an_error_answer() {
    let caught = guard("a request", || -> u32 { panic!("boom") });
    assert_eq!(
        caught,
        Err("internal error in `a request`: boom".to_string())
    );
    assert_eq!(guard("fine", || 7), Ok(7));
}

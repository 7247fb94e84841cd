//! Helpers shared by the AZ lints and the route lints (MI201–MI203): where a
//! user sees an element, which routes are the profile's, how next hops and
//! addresses read in messages.
//!
//! Input: model pieces. Output: spans and text. No rule logic lives here.

use crate::lint::Context;
use crate::model::{Address, AddressItem, NextHop, Route};
use crate::source::Span;

/// Where the user wrote an element: the set name in the rule when the element
/// came from a set (that is the line the rule is on), else the element.
pub fn at(item: &AddressItem) -> Span {
    item.via.unwrap_or(item.span)
}

/// A route of the profile (its span points into the profile's YAML), not of
/// the checked file.
pub fn is_mandatory_route(cx: &Context<'_>, route: &Route) -> bool {
    route.span.file != cx.model.file
}

/// A next hop as Azure names it: `Internet`, `VirtualAppliance 10.0.0.4`.
pub fn hop_text(hop: &NextHop) -> String {
    let kind = hop.kind.azure_name();
    match &hop.address {
        Some(ip) => format!("{kind} {}", ip.value),
        None => kind.to_string(),
    }
}

/// An address element as written in Azure: `10.0.0.0/8`, `Storage`, `*`.
pub fn address_text(address: &Address) -> String {
    match address {
        Address::Any => "*".to_string(),
        Address::Prefix(net) => net.to_string(),
        Address::Tag(tag) => tag.clone(),
    }
}

/// Two route prefixes Azure treats as the same (tags compare
/// case-insensitively).
pub fn same_prefix(a: &Address, b: &Address) -> bool {
    match (a, b) {
        (Address::Tag(x), Address::Tag(y)) => x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

/// `1001` as `1,001`, the way Azure's documentation writes its limits.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1st`, `2nd`, `401st`.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{}{suffix}", thousands(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_in_the_limits_table() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(4001), "4,001");
        assert_eq!(thousands(123456), "123,456");
        assert_eq!(ordinal(1001), "1,001st");
        assert_eq!(ordinal(402), "402nd");
        assert_eq!(ordinal(26), "26th");
        assert_eq!(ordinal(111), "111th");
    }
}

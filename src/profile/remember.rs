//! What a thread remembers of the shared built-in profiles' instantiations,
//! so that a check, a fleet or a fuzzer does not expand the same templates
//! again and again.
//!
//! Input: a profile, a subnet prefix and a region. Output: the profile's
//! [`Instantiated`] for them, shared. Only the very values
//! [`super::shared`] hands out are remembered (a copy may have been changed
//! by its owner), and only a bounded amount: the last few instantiations,
//! and per built-in the routes whose name and prefix have no placeholder
//! (made once, since they are the same for every subnet: most of the 166
//! routes of the 2020 profiles).

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use ipnet::IpNet;

use super::embedded::COUNT;
use super::instantiate::route_for;
use super::template::Vars;
use super::{Instantiated, Profile};
use crate::model::Route;

/// Which built-in profile, for which subnet prefix and region.
type Key = (usize, Option<IpNet>, Option<String>);

/// How many instantiations a thread remembers: enough for the lints of one
/// subnet, or an import's inference (every built-in profile for the subnet)
/// followed by the checks under the chosen one; bounded however many
/// subnets a run checks.
const REMEMBERED: usize = 8;

thread_local! {
    static RECENT: RefCell<Vec<(Key, Rc<Instantiated>)>> = const { RefCell::new(Vec::new()) };
    static LITERAL: [OnceCell<Rc<Vec<Option<Route>>>>; COUNT] =
        const { [const { OnceCell::new() }; COUNT] };
}

impl Profile {
    /// As [`Profile::instantiate_for`], shared rather than copied.
    pub fn instantiation_for(
        &self,
        subnet: Option<IpNet>,
        region: Option<&str>,
    ) -> Rc<Instantiated> {
        let Some(index) = super::load::shared_index(self) else {
            return Rc::new(self.expand_for(subnet, region, &[]));
        };
        let key = (index, subnet, region.map(str::to_string));
        let hit = RECENT.with(|recent| {
            let recent = recent.borrow();
            recent
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, i)| Rc::clone(i))
        });
        if let Some(hit) = hit {
            return hit;
        }
        let literal = literal_routes(self, index);
        let made = Rc::new(self.expand_for(subnet, region, &literal));
        RECENT.with(|recent| {
            let mut recent = recent.borrow_mut();
            if recent.len() >= REMEMBERED {
                recent.remove(0);
            }
            recent.push((key, Rc::clone(&made)));
        });
        made
    }
}

/// Built-in `index`'s routes that are the same for every subnet (no
/// placeholder in name or prefix), made once per thread; `None` for the
/// others, which are expanded each time.
fn literal_routes(profile: &Profile, index: usize) -> Rc<Vec<Option<Route>>> {
    let make = || {
        let none = Vars::new(None, None);
        let routes = profile
            .routes
            .iter()
            .map(|r| {
                let fixed = !r.name.contains('{') && !r.prefix.contains('{');
                fixed.then(|| route_for(r, &none).ok()).flatten()
            })
            .collect();
        Rc::new(routes)
    };
    LITERAL.with(|literal| match literal.get(index) {
        Some(cell) => Rc::clone(cell.get_or_init(make)),
        None => make(),
    })
}

//! MI303: the vnet uses custom DNS servers but not Azure's recursive resolver
//! `168.63.129.16`. An empty list means Azure-provided DNS, as in Azure.

use std::net::{IpAddr, Ipv4Addr};

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope};
use crate::model::Vnet;

pub const RULE: Rule = Rule {
    code: "MI303",
    doc: include_str!("mi303.md"),
    scope: Scope::Vnet(check),
};

/// Azure's recursive resolver (the virtual public IP of the host).
const AZURE_DNS: IpAddr = IpAddr::V4(Ipv4Addr::new(168, 63, 129, 16));

fn check(cx: &Context<'_>, vnet: &Vnet, out: &mut Vec<Diagnostic>) {
    let Some(servers) = vnet.dns.as_ref().filter(|s| !s.is_empty()) else {
        return;
    };
    if servers.iter().any(|s| s.value == AZURE_DNS) {
        return;
    }
    let Some((subnet, _)) = cx.profiles_of(vnet).next() else {
        return;
    };
    let span = vnet.dns_span.unwrap_or_else(|| {
        let first = servers.first().map_or(vnet.name.span, |s| s.span);
        servers.last().map_or(first, |s| first.to(s.span))
    });
    let mut list: Vec<String> = servers.iter().map(|s| s.value.to_string()).collect();
    list.push(AZURE_DNS.to_string());
    out.push(
        Diagnostic::new(
            "MI303",
            span,
            format!(
                "custom DNS of vnet `{}` does not include Azure's resolver `{AZURE_DNS}`",
                vnet.name.value
            ),
        )
        .label(format!("no `{AZURE_DNS}` among these servers"))
        .secondary(
            subnet.name.span,
            format!("managed instance subnet `{}`", subnet.name.value),
        )
        .note("the instance resolves Azure's own host names through the vnet's DNS servers; with custom DNS, Azure's recursive resolver must be in the list")
        .help(format!("add it to the list: `dns [{}]`", list.join(", "))),
    );
}

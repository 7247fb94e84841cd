//! Routes in Azure's shape.
//!
//! Input: one [`PlannedRouteTable`]. Output: its `properties` object
//! (`disableBgpRoutePropagation`, then `routes` in plan order), or every
//! problem found. `nextHopIpAddress` appears only for virtual appliances;
//! route names must be unique in the table (case-insensitively).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::error::{EmitError, EmitErrorKind};
use super::plan::PlannedRouteTable;
use super::Strings;
use crate::model::{Address, NextHopKind, Route};
use crate::source::Span;

fn route(table: &str, r: &Route, s: &Strings) -> Result<Value, EmitError> {
    let name = &r.name.value;
    let prefix = match &r.prefix.address {
        Address::Prefix(net) => Value::from(net.to_string()),
        Address::Tag(tag) => s.lit(tag),
        Address::Any => {
            let kind = EmitErrorKind::AnyRoutePrefix {
                route: name.clone(),
            };
            return Err(EmitError::new(table, kind).at(r.span));
        }
    };
    let hop = &r.next_hop.value;
    let mut props = Map::new();
    props.insert("addressPrefix".into(), prefix);
    props.insert("nextHopType".into(), hop.kind.azure_name().into());
    match (hop.kind, &hop.address) {
        (NextHopKind::Appliance, Some(ip)) => {
            props.insert("nextHopIpAddress".into(), ip.value.to_string().into());
        }
        (NextHopKind::Appliance, None) => {
            let kind = EmitErrorKind::NextHopAddressMissing {
                route: name.clone(),
            };
            return Err(EmitError::new(table, kind).at(r.next_hop.span));
        }
        (_, Some(ip)) => {
            let kind = EmitErrorKind::NextHopAddressUnexpected {
                route: name.clone(),
            };
            return Err(EmitError::new(table, kind).at(ip.span));
        }
        (_, None) => {}
    }
    let mut obj = Map::new();
    obj.insert("name".into(), s.lit(name));
    obj.insert("properties".into(), Value::Object(props));
    Ok(Value::Object(obj))
}

/// The `properties` of one route table.
pub(crate) fn route_table_properties(
    table: &PlannedRouteTable,
    s: &Strings,
) -> Result<Map<String, Value>, Vec<EmitError>> {
    let mut errors = Vec::new();
    let mut routes = Vec::with_capacity(table.routes.len());
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    for r in &table.routes {
        if let Some(prev) = names.insert(r.name.value.to_lowercase(), r.span) {
            let kind = EmitErrorKind::NameTaken {
                name: r.name.value.clone(),
                rule: r.name.value.clone(),
            };
            errors.push(
                EmitError::new(&table.name, kind)
                    .at(r.span)
                    .with_other(prev),
            );
        }
        match route(&table.name, r, s) {
            Ok(v) => routes.push(v),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut props = Map::new();
    props.insert(
        "disableBgpRoutePropagation".into(),
        table.disable_bgp_route_propagation.into(),
    );
    props.insert("routes".into(), Value::Array(routes));
    Ok(props)
}

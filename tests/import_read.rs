//! Import of small JSON snippets, one per reader shape: what a user sees in
//! the model (names, spans, values) and in the diagnostics.

// Helpers of this test file are test code too.
#![allow(clippy::unwrap_used)]

use misec::diagnostic::Diagnostic;
use misec::import::{import, infer_profile, to_misec, ImportOptions};
use misec::model::{Access, Address, Direction, Model, NextHopKind, PortRange, Protocol};
use misec::source::{FileId, Sources, Span};

fn run(text: &str) -> (Model, Vec<Diagnostic>) {
    import(FileId(0), text, &ImportOptions::default())
}

fn at(text: &str, span: Span) -> &str {
    &text[span.range()]
}

fn line_col(text: &str, span: Span) -> (usize, usize) {
    let mut s = Sources::new();
    let id = s.add("t.json", text);
    s.get(id).unwrap().line_col(span.start as usize)
}

const TEMPLATE: &str = r#"{
  "parameters": {
    "nsgName": {"type": "string", "defaultValue": "mi-nsg"},
    "subnetPrefix": {"type": "string", "defaultValue": "10.0.0.0/24"}
  },
  "variables": {"rtName": "[concat(parameters('nsgName'), '-rt')]"},
  "resources": [
    {
      "TYPE": "Microsoft.Network/networkSecurityGroups",
      "Name": "[parameters('nsgName')]",
      "location": "westeurope",
      "properties": {
        "securityRules": [
          {
            "name": "allow_tds_inbound",
            "properties": {
              "description": "Allow access to data",
              "protocol": "TCP",
              "sourcePortRange": "*",
              "destinationPortRanges": ["1433", "11000-11999"],
              "sourceAddressPrefixes": ["VirtualNetwork", "0.0.0.0/0"],
              "destinationAddressPrefix": "[parameters('subnetPrefix')]",
              "access": "allow",
              "priority": "1000",
              "direction": "Inbound"
            }
          }
        ]
      }
    },
    {
      "type": "Microsoft.Network/routeTables",
      "name": "[variables('rtName')]",
      "properties": {
        "disableBgpRoutePropagation": true,
        "routes": [
          {"name": "nva", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.1.4"}},
          {"name": "odd", "properties": {"addressPrefix": "Storage", "nextHopType": "Internet", "nextHopIpAddress": "10.0.1.5"}}
        ]
      }
    },
    {
      "type": "Microsoft.Network/virtualNetworks",
      "name": "vnet1",
      "location": "westeurope",
      "properties": {
        "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
        "dhcpOptions": {"dnsServers": ["10.0.0.4"]},
        "subnets": [
          {
            "name": "mi",
            "properties": {
              "addressPrefix": "[parameters('subnetPrefix')]",
              "networkSecurityGroup": {"id": "[resourceId('Microsoft.Network/networkSecurityGroups', parameters('nsgName'))]"},
              "routeTable": {"id": "[resourceId('Microsoft.Network/routeTables', variables('rtName'))]"},
              "serviceEndpoints": [{"service": "Microsoft.Storage"}],
              "delegations": [{"name": "d", "properties": {"serviceName": "Microsoft.Sql/managedInstances"}}]
            }
          }
        ]
      }
    }
  ]
}"#;

#[test]
fn template_maps_to_the_model_with_spans() {
    let (model, diags) = run(TEMPLATE);
    assert!(diags.is_empty(), "{diags:?}");
    let (vnet, subnet) = model.subnets().next().unwrap();
    assert_eq!(model.vnets.len(), 1);
    assert_eq!(vnet.name.value, "vnet1");
    assert_eq!(vnet.region.as_ref().unwrap().value, "westeurope");
    assert_eq!(vnet.address[0].value.to_string(), "10.0.0.0/16");
    assert_eq!(vnet.dns.as_ref().unwrap()[0].value.to_string(), "10.0.0.4");
    assert_eq!(
        subnet.address.as_ref().unwrap().value.to_string(),
        "10.0.0.0/24"
    );
    let delegation = subnet.delegated.unwrap();
    assert!(at(TEMPLATE, delegation).starts_with("{\"name\": \"d\""));
    assert_eq!(subnet.service_endpoints[0].value, "Microsoft.Storage");

    let nsg = subnet.nsg.as_ref().unwrap();
    assert_eq!(nsg.name.value, "mi-nsg");
    let rule = &nsg.rules[0];
    assert_eq!(rule.name.value, "allow_tds_inbound");
    assert_eq!(rule.direction, Direction::Inbound);
    assert_eq!(rule.access.value, Access::Allow);
    assert_eq!(rule.protocol.value, Protocol::Tcp);
    assert_eq!(rule.priority.as_ref().unwrap().value, 1000);
    assert_eq!(
        rule.description.as_ref().unwrap().value,
        "Allow access to data"
    );
    // the rule's span is the rule object, at line 14 column 11
    assert!(at(TEMPLATE, rule.span).starts_with("{\n            \"name\": \"allow_tds_inbound\""));
    assert_eq!(line_col(TEMPLATE, rule.span), (14, 11));
    let sources: Vec<_> = rule.source.iter().map(|a| a.address.clone()).collect();
    assert_eq!(
        sources,
        vec![
            Address::Tag("VirtualNetwork".into()),
            Address::Prefix("0.0.0.0/0".parse().unwrap())
        ]
    );
    assert_eq!(at(TEMPLATE, rule.source[1].span), "\"0.0.0.0/0\"");
    assert_eq!(
        rule.destination[0].address,
        Address::Prefix("10.0.0.0/24".parse().unwrap())
    );
    assert_eq!(
        at(TEMPLATE, rule.destination[0].span),
        "\"[parameters('subnetPrefix')]\""
    );
    let ports: Vec<_> = rule.destination_ports.iter().map(|p| p.range).collect();
    assert_eq!(
        ports,
        vec![
            PortRange::single(1433),
            PortRange {
                lo: 11000,
                hi: 11999
            }
        ]
    );
    assert_eq!(rule.source_ports[0].range, PortRange::ANY);

    let table = subnet.route_table.as_ref().unwrap();
    assert_eq!(table.name.value, "mi-nsg-rt");
    assert!(!table.bgp_propagation.as_ref().unwrap().value);
    assert_eq!(table.routes[0].next_hop.value.kind, NextHopKind::Appliance);
    assert_eq!(
        table.routes[0]
            .next_hop
            .value
            .address
            .as_ref()
            .unwrap()
            .value
            .to_string(),
        "10.0.1.4"
    );
    // kept as the JSON says; AZ011 is a lint on the model
    assert_eq!(
        table.routes[1].prefix.address,
        Address::Tag("Storage".into())
    );
    assert!(table.routes[1].next_hop.value.address.is_some());

    // delegated, no entry of any era and no apiVersion: the platform applies
    // its current policy to a delegated subnet, the latest service-aided era
    let (name, why) = infer_profile(&model);
    assert_eq!(name, "mi-2024", "{why}");
    assert!(why.contains("decided by the subnet's delegation"), "{why}");
}

#[test]
fn child_resources_join_their_parents_once() {
    let text = r#"{"resources": [
      {"type": "Microsoft.Network/networkSecurityGroups", "name": "n", "properties": {"securityRules": [
        {"name": "a", "properties": {"protocol": "*", "sourcePortRange": "*", "destinationPortRange": "*",
          "sourceAddressPrefix": "*", "destinationAddressPrefix": "*", "access": "Deny", "priority": 4096, "direction": "Inbound"}}]},
       "resources": [
        {"type": "securityRules", "name": "b", "properties": {"protocol": "Udp", "sourcePortRange": "*", "destinationPortRange": "53",
          "sourceAddressPrefix": "*", "destinationAddressPrefix": "*", "access": "Allow", "priority": 200, "direction": "Outbound"}}]},
      {"type": "Microsoft.Network/networkSecurityGroups/securityRules", "name": "n/A", "properties": {"provisioningState": "Succeeded",
          "protocol": "*", "sourcePortRange": "*", "destinationPortRange": "*",
          "sourceAddressPrefix": "*", "destinationAddressPrefix": "*", "access": "Deny", "priority": 4096, "direction": "Inbound"}},
      {"type": "Microsoft.Network/routeTables", "name": "t"},
      {"type": "Microsoft.Network/routeTables/routes", "name": "t/r", "properties": {"addressPrefix": "10.1.0.0/16", "nextHopType": "VnetLocal"}}
    ]}"#;
    let opts = ImportOptions {
        subnet_prefix: Some("10.0.0.0/24".parse().unwrap()),
        ..ImportOptions::default()
    };
    let (model, diags) = import(FileId(0), text, &opts);
    assert!(diags.is_empty(), "{diags:?}");
    // not associated with a subnet: one synthetic subnet holds both
    let (_, subnet) = model.subnets().next().unwrap();
    assert_eq!(model.subnets().count(), 1);
    assert_eq!(
        subnet.address.as_ref().unwrap().value.to_string(),
        "10.0.0.0/24"
    );
    let names: Vec<_> = subnet
        .nsg
        .as_ref()
        .unwrap()
        .rules
        .iter()
        .map(|r| r.name.value.as_str())
        .collect();
    assert_eq!(names, vec!["b", "a"], "sorted by priority, `A` is `a`");
    assert_eq!(subnet.route_table.as_ref().unwrap().routes.len(), 1);
}

#[test]
fn az_show_output_and_rest_bodies() {
    let flat = r#"{"name": "nsg1", "type": "Microsoft.Network/networkSecurityGroups", "location": "westus",
      "securityRules": [{"name": "r", "protocol": "Tcp", "sourcePortRange": "*", "destinationPortRange": "443",
        "sourceAddressPrefix": "Internet", "destinationAddressPrefix": "*", "access": "Allow", "priority": 100, "direction": "Inbound"}],
      "defaultSecurityRules": [{"name": "AllowVnetInBound", "protocol": "*", "sourcePortRange": "*", "destinationPortRange": "*",
        "sourceAddressPrefix": "VirtualNetwork", "destinationAddressPrefix": "VirtualNetwork", "access": "Allow", "priority": 65000, "direction": "Inbound"}]}"#;
    let (model, diags) = run(flat);
    assert!(diags.is_empty(), "{diags:?}");
    let (vnet, subnet) = model.subnets().next().unwrap();
    assert_eq!(vnet.region.as_ref().unwrap().value, "westus");
    assert_eq!(subnet.address, None);
    assert_eq!(subnet.nsg.as_ref().unwrap().rules.len(), 1);

    let rest = format!(
        r#"{{"parameters": {{}}, "responses": {{"200": {{"body": {{"name": "nsg1", "type": "Microsoft.Network/networkSecurityGroups", "properties": {flat}}}}}}}}}"#
    );
    let (model, diags) = run(&rest);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        model
            .subnets()
            .next()
            .unwrap()
            .1
            .nsg
            .as_ref()
            .unwrap()
            .rules
            .len(),
        1
    );
}

#[test]
fn language_version_2_resources_and_inline_nested_templates() {
    let text = r#"{"languageVersion": "2.0", "parameters": {"p": {"type": "string", "defaultValue": "outer"}},
      "resources": {
        "nested": {"type": "Microsoft.Resources/deployments", "name": "d", "properties": {
          "expressionEvaluationOptions": {"scope": "inner"},
          "parameters": {"x": {"value": "[concat(parameters('p'), '-rt')]"}},
          "template": {"parameters": {"x": {"type": "string"}}, "resources": [
            {"type": "Microsoft.Network/routeTables", "name": "[parameters('x')]", "properties": {"routes": [
              {"name": "i", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "Internet"}}]}}]}}}
      }}"#;
    let (model, diags) = run(text);
    assert!(diags.is_empty(), "{diags:?}");
    let (_, subnet) = model.subnets().next().unwrap();
    assert_eq!(subnet.route_table.as_ref().unwrap().name.value, "outer-rt");
}

#[test]
fn copy_loops_with_known_counts_are_expanded() {
    let text = r#"{"parameters": {"ips": {"type": "array", "defaultValue": ["vnetLocal", "1.0.0.0/8", "2.0.0.0/8"]}},
      "resources": [{"type": "Microsoft.Network/routeTables", "name": "t", "properties": {"copy": [{
        "name": "routes", "count": "[length(parameters('ips'))]",
        "input": {"name": "[if(equals(copyIndex('routes'), 0), 'local', concat('r-', string(copyIndex('routes'))))]",
          "properties": {"addressPrefix": "[if(equals(copyIndex('routes'), 0), '10.0.0.0/24', parameters('ips')[copyIndex('routes')])]",
            "nextHopType": "[if(equals(copyIndex('routes'), 0), 'VnetLocal', 'Internet')]"}}}]}}]}"#;
    let (model, diags) = run(text);
    assert!(diags.is_empty(), "{diags:?}");
    let routes = &model
        .subnets()
        .next()
        .unwrap()
        .1
        .route_table
        .as_ref()
        .unwrap()
        .routes;
    let names: Vec<_> = routes.iter().map(|r| r.name.value.as_str()).collect();
    assert_eq!(names, vec!["local", "r-1", "r-2"]);
    assert_eq!(
        routes[2].prefix.address,
        Address::Prefix("2.0.0.0/8".parse().unwrap())
    );
}

#[test]
fn unresolvable_values_skip_the_item_and_say_where() {
    let text = r#"{"parameters": {"sub": {"type": "string"}}, "resources": [
      {"type": "Microsoft.Network/networkSecurityGroups", "name": "n", "properties": {"securityRules": [
        {"name": "mi", "properties": {"protocol": "*", "sourcePortRange": "*", "destinationPortRange": "*",
          "sourceAddressPrefix": "[parameters('sub')]", "destinationAddressPrefix": "*", "access": "Allow", "priority": 100, "direction": "Inbound"}},
        {"name": "bad", "properties": {"protocol": "*", "sourcePortRange": "*", "destinationPortRange": "*",
          "sourceAddressPrefix": "10.0.0.5/24", "destinationAddressPrefix": "*", "access": "Allow", "priority": 200, "direction": "Inbound"}}]}}]}"#;
    let (model, diags) = run(text);
    assert_eq!(
        model
            .subnets()
            .next()
            .unwrap()
            .1
            .nsg
            .as_ref()
            .unwrap()
            .rules
            .len(),
        0
    );
    assert_eq!(diags.len(), 2, "{diags:?}");
    assert!(diags.iter().all(|d| d.help.is_some()));
    // a parameter without value is the deployment's (a warning), a prefix
    // with host bits is wrong whatever the deployment (an error)
    assert_eq!(
        diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["E303", "E301"]
    );
    assert_eq!(at(text, diags[0].span()), "parameters('sub')");
    assert!(
        diags[0].message.contains("is only known at deployment"),
        "{}",
        diags[0].message
    );
    assert!(diags[0]
        .primary
        .message
        .contains("parameter `sub` has no default value"));
    assert_eq!(at(text, diags[1].span()), "\"10.0.0.5/24\"");
    assert!(diags[1].help.as_ref().unwrap().contains("10.0.0.0/24"));
}

#[test]
fn json_that_is_not_a_configuration_says_what_was_expected() {
    for text in [
        "{\"a\": 1}",
        "[1, 2]",
        "{\"changeNumber\": 1, \"values\": []}",
        "{\"resources\": []}",
    ] {
        let (model, diags) = run(text);
        assert!(model.vnets.is_empty(), "{text}");
        assert_eq!(diags.len(), 1, "{text}: {diags:?}");
        assert_eq!(diags[0].code, "E301");
        assert!(diags[0].help.is_some());
    }
    let (_, diags) = run("[1]");
    assert!(
        diags[0].message.contains("an array"),
        "{}",
        diags[0].message
    );
    let (_, diags) = run("{\"changeNumber\": 1, \"values\": []}");
    assert!(diags[0].help.as_ref().unwrap().contains("service-tags"));
}

#[test]
fn decompiled_text_keeps_names_priorities_and_marks_platform_rules() {
    let mut sources = Sources::new();
    let text = TEMPLATE.replace(
        "allow_tds_inbound",
        "Microsoft.Sql-managedInstances_UseOnly_mi-tds",
    );
    let file = sources.add("t.json", text.clone());
    let (model, _) = import(file, &text, &ImportOptions::default());
    let (name, why) = misec::import::infer_profile(&model);
    let name = name.as_str();
    let profile = misec::profile::load_builtin(name).unwrap().unwrap();
    let provided = misec::import::recognise::provided_by_profile(&model, &profile);
    let out = to_misec(&model, &sources, name, &why, &provided);
    assert!(out.contains("profile mi-2024\n"), "{out}");
    assert!(
        // a reserved name the profile does not list: the platform's, not the profile's
        out.contains("# added by the platform (reserved name; not in this profile): Microsoft.Sql-managedInstances_UseOnly_mi-tds: "),
        "{out}"
    );
    assert!(out.contains("allow tcp from [VirtualNetwork, 0.0.0.0/0] to 10.0.0.0/24 port [1433, 11000-11999]  priority 1000  description \"Allow access to data\""), "{out}");
    assert!(
        out.contains("nva:  0.0.0.0/0 via appliance 10.0.1.4\n"),
        "{out}"
    );
    assert!(out.contains("bgp-propagation off\n"), "{out}");
    assert!(out.contains("    delegated\n"), "{out}");
}

#[test]
fn hostile_input_never_panics() {
    let mut seed = 0x2545_f491_u64;
    let alphabet: Vec<char> = "{}[]:,\"'01-9aZ[]()/. \n\\é*".chars().collect();
    for _ in 0..2000 {
        let len = (seed % 60) as usize;
        let mut s = String::new();
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        let _ = run(&s);
        let _ = run(&format!("{{\"resources\": [{{\"type\": \"Microsoft.Network/routeTables\", \"name\": \"[{s}]\"}}]}}"));
    }
}

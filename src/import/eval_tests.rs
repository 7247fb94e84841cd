//! Tests of offline expression evaluation against small templates.

use super::eval::{Scope, Val};
use super::json::{parse, Json};
use crate::source::FileId;

fn template(text: &str) -> Json<'_> {
    parse(FileId(0), text).unwrap()
}

fn eval_in(text: &str, expr: &str) -> Val {
    let t = template(text);
    let scope = Scope::new(&t, Vec::new(), &super::eval::NO_DEPLOYMENT);
    let quoted = format!("{expr:?}");
    let e = parse(FileId(0), &quoted).unwrap();
    scope.eval(&e, &[])
}

const T: &str = r#"{
  "parameters": {
    "Prefix": {"type": "string", "defaultValue": "10.0.0.0/24"},
    "name": {"type": "string"},
    "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
    "ips": {"type": "array", "defaultValue": ["a/1", "b/2"]}
  },
  "variables": {
    "nsg": "[concat('SQLMI-', parameters('name'), '-NSG')]",
    "fixed": "[format('{0}-{1}', variables('base'), 7)]",
    "base": "mi",
    "loop": "[variables('loop2')]",
    "loop2": "[variables('loop')]"
  }
}"#;

#[test]
fn parameters_with_defaults_and_variables_resolve() {
    assert_eq!(
        eval_in(T, "[parameters('prefix')]"),
        Val::Str("10.0.0.0/24".into())
    );
    assert_eq!(eval_in(T, "[variables('fixed')]"), Val::Str("mi-7".into()));
    assert_eq!(eval_in(T, "[[literal]"), Val::Str("[literal]".into()));
    assert_eq!(eval_in(T, "[length(parameters('ips'))]"), Val::Int(2));
    assert_eq!(
        eval_in(T, "[replace(parameters('ips')[1], '/', '-')]"),
        Val::Str("b-2".into())
    );
}

#[test]
fn unknowns_say_why_and_where_and_keep_a_name() {
    let t = template(T);
    let scope = Scope::new(&t, Vec::new(), &super::eval::NO_DEPLOYMENT);
    let src = "\"[variables('nsg')]\"";
    let e = parse(FileId(0), src).unwrap();
    let Val::Unknown(u) = scope.eval(&e, &[]) else {
        panic!("expected unknown")
    };
    assert_eq!(u.hint, "SQLMI-name-NSG");
    assert!(
        u.why.contains("parameter `name` has no default value"),
        "{}",
        u.why
    );
    // the span is the `variables('nsg')` call inside the string
    assert_eq!(&src[u.span.range()], "variables('nsg')");

    let Val::Unknown(u) = eval_in(T, "[parameters('location')]") else {
        panic!("expected unknown")
    };
    assert!(u.why.contains("only known at deployment"), "{}", u.why);
    assert_eq!(u.hint, "location");
}

#[test]
fn cycles_and_garbage_end_in_unknown() {
    assert!(matches!(eval_in(T, "[variables('loop')]"), Val::Unknown(_)));
    assert!(matches!(eval_in(T, "[concat('a',]"), Val::Unknown(_)));
    assert!(matches!(
        eval_in(T, "[reference('x').foo]"),
        Val::Unknown(_)
    ));
    assert!(matches!(eval_in(T, "[nosuchfunction(1)]"), Val::Unknown(_)));
}

#[test]
fn resource_ids_match_names_built_the_same_way() {
    let a = eval_in(
        T,
        "[resourceId('Microsoft.Network/networkSecurityGroups', variables('nsg'))]",
    );
    let Val::Unknown(u) = a else { panic!() };
    assert_eq!(
        u.hint,
        "/providers/Microsoft.Network/networkSecurityGroups/SQLMI-name-NSG"
    );
    let b = eval_in(
        T,
        "[resourceId('sub', 'rg', 'Microsoft.Network/virtualNetworks/subnets', 'v', 's')]",
    );
    assert_eq!(
        b,
        Val::Str("/providers/Microsoft.Network/virtualNetworks/v/subnets/s".into())
    );
}

#[test]
fn copy_index_and_if() {
    let t = template(T);
    let scope = Scope::new(&t, Vec::new(), &super::eval::NO_DEPLOYMENT);
    let e = parse(
        FileId(0),
        "\"[if(equals(copyIndex('r'), 0), 'first', parameters('ips')[copyIndex('r')])]\"",
    )
    .unwrap();
    assert_eq!(scope.eval(&e, &[("r".into(), 0)]), Val::Str("first".into()));
    assert_eq!(scope.eval(&e, &[("r".into(), 1)]), Val::Str("b/2".into()));
    assert!(matches!(scope.eval(&e, &[]), Val::Unknown(_)));
}

#[test]
fn doubling_variables_stay_bounded() {
    let mut vars = String::from("\"v0\": \"xxxxxxxxxxxxxxxx\"");
    for i in 1..64 {
        vars.push_str(&format!(
            ", \"v{i}\": \"[concat(variables('v{p}'), variables('v{p}'))]\"",
            p = i - 1
        ));
    }
    let text = format!("{{\"variables\": {{{vars}}}}}");
    assert!(matches!(
        eval_in(&text, "[variables('v63')]"),
        Val::Unknown(_)
    ));
}

#[test]
fn user_defined_functions_take_their_parameters_only() {
    let text = r#"{
      "parameters": {"space": {"type": "string", "defaultValue": "10.1.0.0/16"}},
      "functions": [{"namespace": "__bicep", "members": {
        "miPrefix": {"parameters": [{"type": "string", "name": "space"}, {"type": "int", "name": "i"}],
                     "output": {"type": "string", "value": "[cidrSubnet(parameters('space'), 24, parameters('i'))]"}},
        "twice": {"parameters": [{"type": "int", "name": "n"}],
                  "output": {"type": "int", "value": "[mul(2, parameters('n'))]"}},
        "quad": {"parameters": [{"type": "int", "name": "n"}],
                 "output": {"type": "int", "value": "[__bicep.twice(__bicep.twice(parameters('n')))]"}},
        "loop": {"parameters": [], "output": {"type": "int", "value": "[__bicep.loop()]"}}
      }}]
    }"#;
    assert_eq!(
        eval_in(text, "[__bicep.miPrefix(parameters('space'), 3)]"),
        Val::Str("10.1.3.0/24".into())
    );
    assert_eq!(eval_in(text, "[__bicep.quad(5)]"), Val::Int(20));
    assert!(
        matches!(eval_in(text, "[__bicep.loop()]"), Val::Unknown(u) if u.why.contains("too deeply"))
    );
    assert!(
        matches!(eval_in(text, "[__bicep.nope()]"), Val::Unknown(u) if u.why.contains("does not define"))
    );
    assert!(
        matches!(eval_in(text, "[__bicep.twice()]"), Val::Unknown(u) if u.why.contains("arguments"))
    );
}

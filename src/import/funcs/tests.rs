//! Each function family against the examples in Microsoft's template
//! functions reference (the values in its output tables), and the edge
//! cases that reference states (bounds, case rules, failures).

use crate::import::eval::{Scope, Val, NO_DEPLOYMENT};
use crate::import::json::parse;
use crate::source::FileId;

const TEMPLATE: &str = r#"{
  "parameters": {
    "testString": {"type": "string", "defaultValue": "one two three"},
    "padString": {"type": "string", "defaultValue": "123"},
    "firstArray": {"type": "array", "defaultValue": ["one", "two", "three"]},
    "secondArray": {"type": "array", "defaultValue": ["three", "four"]},
    "firstObject": {"type": "object", "defaultValue": {"one": "a", "two": "b", "three": "c1"}},
    "secondObject": {"type": "object", "defaultValue": {"three": "c2", "four": "d", "five": "e"}},
    "testObject": {"type": "object", "defaultValue": {"valueA": 10, "valueB": "Example Text"}}
  },
  "variables": {
    "dogs": [
      {"name": "Evie", "age": 5, "interests": ["Ball", "Frisbee"]},
      {"name": "Casper", "age": 3, "interests": ["Other dogs"]},
      {"name": "Indy", "age": 2, "interests": ["Butter"]},
      {"name": "Kira", "age": 8, "interests": ["Rubs"]}
    ],
    "ages": "[map(variables('dogs'), lambda('dog', lambdaVariables('dog').age))]",
    "copy": [
      {"name": "itemForLoop", "count": "[length(range(0, 10))]", "input": "[range(0, 10)[copyIndex('itemForLoop')]]"}
    ],
    "unsorted": {"item002": {"enabled": false}, "item001": {"enabled": true}}
  }
}"#;

fn ev(expr: &str) -> Val {
    let t = parse(FileId(0), TEMPLATE).unwrap();
    let scope = Scope::new(&t, Vec::new(), &NO_DEPLOYMENT);
    let quoted = format!("{:?}", format!("[{expr}]"));
    let e = parse(FileId(0), &quoted).unwrap();
    scope.eval(&e, &[])
}

fn s(x: &str) -> Val {
    Val::Str(x.into())
}

fn strs(xs: &[&str]) -> Val {
    Val::Array(xs.iter().map(|x| s(x)).collect())
}

fn ints(xs: &[i64]) -> Val {
    Val::Array(xs.iter().map(|x| Val::Int(*x)).collect())
}

/// The JSON text of a value, to compare with the reference's output tables.
fn text(expr: &str) -> String {
    super::convert::to_json(&ev(expr))
}

fn is_unknown(expr: &str) -> bool {
    matches!(ev(expr), Val::Unknown(_))
}

#[test]
fn string_functions() {
    assert_eq!(ev("indexOf('test', 't')"), Val::Int(0));
    assert_eq!(ev("lastIndexOf('test', 't')"), Val::Int(3));
    assert_eq!(ev("indexOf('abcdef', 'CD')"), Val::Int(2));
    assert_eq!(ev("lastIndexOf('abcdef', 'AB')"), Val::Int(0));
    assert_eq!(ev("indexOf('abcdef', 'z')"), Val::Int(-1));
    assert_eq!(
        ev("padLeft(parameters('padString'),10,'0')"),
        s("0000000123")
    );
    assert_eq!(ev("skip(parameters('testString'), 4)"), s("two three"));
    assert_eq!(ev("take(parameters('testString'), 2)"), s("on"));
    assert_eq!(ev("substring(parameters('testString'), 4, 3)"), s("two"));
    // "the function fails when the substring extends beyond the end"
    assert!(is_unknown("substring('1234567890', 0, 11)"));
    assert_eq!(
        ev("split('one,two,three', ',')"),
        strs(&["one", "two", "three"])
    );
    assert_eq!(
        ev("split('one;two,three', createArray(',', ';'))"),
        strs(&["one", "two", "three"])
    );
    assert_eq!(ev("startsWith('abcdef', 'A')"), Val::Bool(true));
    assert_eq!(ev("startsWith('abcdef', 'e')"), Val::Bool(false));
    assert_eq!(ev("endsWith('abcdef', 'F')"), Val::Bool(true));
    assert_eq!(ev("contains('OneTwoThree', 'e')"), Val::Bool(true));
    assert_eq!(ev("contains('OneTwoThree', 'z')"), Val::Bool(false));
    assert_eq!(ev("toUpper('One Two Three')"), s("ONE TWO THREE"));
    assert_eq!(ev("trim('    one two three   ')"), s("one two three"));
    assert_eq!(ev("last('One Two Three')"), s("e"));
    assert_eq!(ev("first('One Two Three')"), s("O"));
    assert_eq!(ev("replace('123-123-1234', '-', '')"), s("1231231234"));
    assert_eq!(
        ev("join(createArray('Hello', 'World'), ', ')"),
        s("Hello, World")
    );
    assert_eq!(
        ev("format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)"),
        s("Hello, User. Formatted number: 8,175,133")
    );
    assert_eq!(ev("format('{0:D3}-{{x}}', 7)"), s("007-{x}"));
    assert!(is_unknown("format('{1}', 'a')"));
}

#[test]
fn conversion_functions() {
    assert_eq!(ev("base64('one, two, three')"), s("b25lLCB0d28sIHRocmVl"));
    assert_eq!(
        ev("base64ToString('b25lLCB0d28sIHRocmVl')"),
        s("one, two, three")
    );
    assert_eq!(
        text("base64ToJson(base64('{\"one\": \"a\", \"two\": \"b\"}'))"),
        r#"{"one":"a","two":"b"}"#
    );
    assert_eq!(
        ev("dataUri('Hello')"),
        s("data:text/plain;charset=utf8;base64,SGVsbG8=")
    );
    assert_eq!(
        ev("dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')"),
        s("Hello, World!")
    );
    assert_eq!(
        ev("uri('http://contoso.com/resources/', 'nested/azuredeploy.json')"),
        s("http://contoso.com/resources/nested/azuredeploy.json")
    );
    assert_eq!(
        ev("uriComponent('http://contoso.com/resources/nested/azuredeploy.json')"),
        s("http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json")
    );
    assert_eq!(
        ev("uriComponentToString('http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json')"),
        s("http://contoso.com/resources/nested/azuredeploy.json")
    );
    assert_eq!(
        ev("string(parameters('testObject'))"),
        s(r#"{"valueA":10,"valueB":"Example Text"}"#)
    );
    assert_eq!(
        ev("string(createArray('a', 'b', 'c'))"),
        s(r#"["a","b","c"]"#)
    );
    assert_eq!(ev("string(5)"), s("5"));
    assert_eq!(ev("int('4')"), Val::Int(4));
    assert_eq!(ev("bool('true')"), Val::Bool(true));
    assert_eq!(ev("bool(0)"), Val::Bool(false));
    assert_eq!(text("json('{\"a\": [1, null]}')"), r#"{"a":[1,null]}"#);
    assert!(is_unknown("json('{not json')"));
}

#[test]
fn array_functions() {
    assert_eq!(ev("range(1, 3)"), ints(&[1, 2, 3]));
    assert_eq!(ev("length(range(0, 2))"), Val::Int(2));
    assert!(is_unknown("range(0, 10001)"));
    assert_eq!(
        ev("union(parameters('firstArray'), parameters('secondArray'))"),
        strs(&["one", "two", "three", "four"])
    );
    assert_eq!(
        ev("intersection(createArray('one', 'two', 'three'), createArray('two', 'three'))"),
        strs(&["two", "three"])
    );
    assert_eq!(ev("skip(parameters('firstArray'), 2)"), strs(&["three"]));
    assert_eq!(
        ev("take(parameters('firstArray'), 2)"),
        strs(&["one", "two"])
    );
    assert_eq!(ev("first(parameters('firstArray'))"), s("one"));
    assert_eq!(ev("last(parameters('firstArray'))"), s("three"));
    assert_eq!(
        ev("contains(parameters('firstArray'), 'two')"),
        Val::Bool(true)
    );
    assert_eq!(ev("indexOf(createArray('a', 'b'), 'B')"), Val::Int(-1));
    assert_eq!(ev("empty(createArray())"), Val::Bool(true));
    assert_eq!(ev("array('efgh')"), strs(&["efgh"]));
    assert_eq!(
        ev("concat(createArray('1-1', '1-2'), createArray('2-1'))"),
        strs(&["1-1", "1-2", "2-1"])
    );
    assert_eq!(
        ev("flatten(createArray(createArray(1, 2), createArray(3)))"),
        ints(&[1, 2, 3])
    );
    assert_eq!(ev("min(createArray(0, 3, 2, 5, 4))"), Val::Int(0));
    assert_eq!(ev("max(0, 3, 2, 5, 4)"), Val::Int(5));
}

#[test]
fn object_functions() {
    assert_eq!(
        text("union(parameters('firstObject'), parameters('secondObject'))"),
        r#"{"one":"a","two":"b","three":"c2","four":"d","five":"e"}"#
    );
    // nested objects merge
    assert_eq!(
        text("union(json('{\"a\": {\"x\": 1}}'), json('{\"a\": {\"y\": 2}}'))"),
        r#"{"a":{"x":1,"y":2}}"#
    );
    assert_eq!(
        text("shallowMerge(createArray(json('{\"a\": {\"x\": 1}}'), json('{\"a\": {\"y\": 2}}')))"),
        r#"{"a":{"y":2}}"#
    );
    assert_eq!(
        text("intersection(parameters('firstObject'), json('{\"one\": \"a\", \"two\": \"z\"}'))"),
        r#"{"one":"a"}"#
    );
    assert_eq!(
        ev("contains(parameters('firstObject'), 'ONE')"),
        Val::Bool(true)
    );
    assert_eq!(ev("length(parameters('firstObject'))"), Val::Int(3));
    assert_eq!(
        text("items(variables('unsorted'))"),
        r#"[{"key":"item001","value":{"enabled":true}},{"key":"item002","value":{"enabled":false}}]"#
    );
    assert_eq!(
        ev("objectKeys(parameters('firstObject'))"),
        strs(&["one", "two", "three"])
    );
    assert_eq!(
        text("createObject('intProp', 1, 'stringProp', 'abc')"),
        r#"{"intProp":1,"stringProp":"abc"}"#
    );
    assert_eq!(ev("tryGet(parameters('firstObject'), 'nope')"), Val::Null);
    assert_eq!(ev("empty(null())"), Val::Bool(true));
}

#[test]
fn numeric_logical_and_comparison_functions() {
    assert_eq!(ev("add(5, 3)"), Val::Int(8));
    assert_eq!(ev("sub(7, 3)"), Val::Int(4));
    assert_eq!(ev("mul(5, 3)"), Val::Int(15));
    assert_eq!(ev("div(8, 3)"), Val::Int(2));
    assert_eq!(ev("mod(7, 3)"), Val::Int(1));
    assert!(is_unknown("div(1, 0)"));
    assert!(is_unknown("add(9223372036854775807, 1)"));
    assert_eq!(ev("and(bool('true'), bool('false'))"), Val::Bool(false));
    assert_eq!(ev("or(bool('true'), bool('false'))"), Val::Bool(true));
    assert_eq!(ev("not(bool('true'))"), Val::Bool(false));
    assert_eq!(ev("if(equals('a', 'a'), 'yes', 'no')"), s("yes"));
    // only the branch taken is evaluated
    assert_eq!(ev("if(true(), 'known', reference('x').y)"), s("known"));
    assert_eq!(ev("and(false(), reference('x').y)"), Val::Bool(false));
    assert_eq!(ev("coalesce(null(), null(), 'default')"), s("default"));
    assert_eq!(ev("greater(10, 5)"), Val::Bool(true));
    assert_eq!(ev("lessOrEquals(5, 5)"), Val::Bool(true));
    assert_eq!(
        ev("equals(createArray('a'), createArray('a'))"),
        Val::Bool(true)
    );
}

#[test]
fn cidr_functions() {
    assert_eq!(
        text("parseCidr('10.144.0.0/20')"),
        r#"{"network":"10.144.0.0","netmask":"255.255.240.0","broadcast":"10.144.15.255","firstUsable":"10.144.0.1","lastUsable":"10.144.15.254","cidr":20}"#
    );
    assert_eq!(
        text("parseCidr('fdad:3236:5555::/48')"),
        r#"{"network":"fdad:3236:5555::","netmask":"ffff:ffff:ffff::","firstUsable":"fdad:3236:5555::","lastUsable":"fdad:3236:5555:ffff:ffff:ffff:ffff:ffff","cidr":48}"#
    );
    assert_eq!(
        ev("map(range(0, 5), lambda('i', cidrSubnet('10.144.0.0/20', 24, lambdaVariables('i'))))"),
        strs(&[
            "10.144.0.0/24",
            "10.144.1.0/24",
            "10.144.2.0/24",
            "10.144.3.0/24",
            "10.144.4.0/24"
        ])
    );
    assert_eq!(
        ev("cidrSubnet('fdad:3236:5555::/48', 52, 4)"),
        s("fdad:3236:5555:4000::/52")
    );
    assert_eq!(
        ev("map(range(0, 3), lambda('i', cidrHost('10.144.3.0/24', lambdaVariables('i'))))"),
        strs(&["10.144.3.1", "10.144.3.2", "10.144.3.3"])
    );
    assert_eq!(
        ev("cidrHost('fdad:3236:5555:3000::/52', 4)"),
        s("fdad:3236:5555:3000::5")
    );
    // the issue's reproduction, and the whole network as its own subnet
    assert_eq!(ev("cidrSubnet('10.0.0.0/16', 24, 1)"), s("10.0.1.0/24"));
    assert_eq!(ev("cidrSubnet('10.0.0.0/16', 16, 0)"), s("10.0.0.0/16"));
    assert!(is_unknown("cidrSubnet('10.0.0.0/16', 24, 256)"));
    assert!(is_unknown("cidrSubnet('10.0.0.0/16', 8, 0)"));
    assert!(is_unknown("cidrHost('10.0.0.0/30', 2)"));
}

#[test]
fn lambda_functions() {
    assert_eq!(
        text("filter(variables('dogs'), lambda('dog', greaterOrEquals(lambdaVariables('dog').age, 5)))"),
        r#"[{"name":"Evie","age":5,"interests":["Ball","Frisbee"]},{"name":"Kira","age":8,"interests":["Rubs"]}]"#
    );
    assert_eq!(
        ev("filter(variables('itemForLoop'), lambda('i', greater(lambdaVariables('i'), 5)))"),
        ints(&[6, 7, 8, 9])
    );
    assert_eq!(
        ev("filter(range(0, 10), lambda('i', equals(0, mod(lambdaVariables('i'), 2))))"),
        ints(&[0, 2, 4, 6, 8])
    );
    assert_eq!(
        ev("map(variables('dogs'), lambda('dog', format('Hello {0}!', lambdaVariables('dog').name)))"),
        strs(&["Hello Evie!", "Hello Casper!", "Hello Indy!", "Hello Kira!"])
    );
    assert_eq!(
        text("map(range(0, 2), lambda('i', createObject('i', lambdaVariables('i'), 'dog', variables('dogs')[lambdaVariables('i')].name)))"),
        r#"[{"i":0,"dog":"Evie"},{"i":1,"dog":"Casper"}]"#
    );
    assert_eq!(
        ev("reduce(variables('ages'), 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))"),
        Val::Int(18)
    );
    assert_eq!(
        text("reduce(createArray(createObject('foo', 123), createObject('bar', 456), createObject('baz', 789)), createObject(), lambda('cur', 'next', union(lambdaVariables('cur'), lambdaVariables('next'))))"),
        r#"{"foo":123,"bar":456,"baz":789}"#
    );
    assert_eq!(
        ev("map(sort(variables('dogs'), lambda('a', 'b', less(lambdaVariables('a').age, lambdaVariables('b').age))), lambda('d', lambdaVariables('d').name))"),
        strs(&["Indy", "Casper", "Evie", "Kira"])
    );
    assert_eq!(
        text("toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name), lambda('entry', lambdaVariables('entry').age))"),
        r#"{"Evie":5,"Casper":3,"Indy":2,"Kira":8}"#
    );
    assert!(is_unknown("lambdaVariables('nothing')"));
    // nested lambdas over long ranges stop at a budget instead of running long
    assert!(is_unknown(
        "map(range(0, 10000), lambda('i', length(map(range(0, 10000), lambda('j', lambdaVariables('j'))))))"
    ));
    assert!(is_unknown("map(createArray(1), 'not a lambda')"));
}

#[test]
fn date_functions() {
    assert_eq!(
        ev("dateTimeFromEpoch(1683040573)"),
        s("2023-05-02T15:16:13Z")
    );
    assert_eq!(
        ev("dateTimeToEpoch('2023-05-02T15:16:13Z')"),
        Val::Int(1683040573)
    );
    assert_eq!(
        ev("dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y')"),
        s("2023-04-07 14:53:14Z")
    );
    assert_eq!(
        ev("dateTimeAdd('2020-04-07 14:53:14Z', '-P9D')"),
        s("2020-03-29 14:53:14Z")
    );
    assert_eq!(
        ev("dateTimeAdd('2020-04-07T14:53:14Z', 'PT1H')"),
        s("2020-04-07T15:53:14Z")
    );
    assert_eq!(
        ev("dateTimeAdd('2024-01-31T00:00:00Z', 'P1M')"),
        s("2024-02-29T00:00:00Z")
    );
    assert!(is_unknown("utcNow()"));
    // out of range: unknown, never an overflow
    assert!(is_unknown(
        "dateTimeToEpoch('9223372036854775807-01-01T00:00:00Z')"
    ));
    assert!(is_unknown(
        "dateTimeAdd('2020-01-01T00:00:00Z', 'P9223372036854775807Y')"
    ));
    assert!(is_unknown("dateTimeFromEpoch(9223372036854775807)"));
}

#[test]
fn deployment_functions_read_the_given_context() {
    let t = parse(FileId(0), TEMPLATE).unwrap();
    let mut d = crate::import::deploy::Deployment::default();
    let scope = Scope::new(&t, Vec::new(), &NO_DEPLOYMENT);
    let e = parse(FileId(0), "\"[resourceGroup().location]\"").unwrap();
    assert!(
        matches!(scope.eval(&e, &[]), Val::Unknown(u) if u.deferred && u.why.contains("--location"))
    );
    d.location = Some("westeurope".into());
    d.subscription = Some("00000000-0000-0000-0000-000000000001".into());
    let scope = Scope::new(&t, Vec::new(), &d);
    assert_eq!(scope.eval(&e, &[]), s("westeurope"));
    let e = parse(FileId(0), "\"[subscription().id]\"").unwrap();
    assert_eq!(
        scope.eval(&e, &[]),
        s("/subscriptions/00000000-0000-0000-0000-000000000001")
    );
    let e = parse(FileId(0), "\"[deployment().location]\"").unwrap();
    assert_eq!(scope.eval(&e, &[]), s("westeurope"));
    let e = parse(FileId(0), "\"[listKeys('x', '2020-01-01').keys[0].value]\"").unwrap();
    assert!(matches!(scope.eval(&e, &[]), Val::Unknown(u) if u.deferred));
}

#!/usr/bin/env python3
"""Crafted large inputs for the hang and memory criteria of the fuzzing campaign.

Random mutation seldom builds a 100 kB input with structure, so this writes
about 100 kB (or small but multiplying) inputs for every target into
fuzz/probes/ and runs each through the release `misec` (the user's binary,
no instrumentation), measuring its own CPU time and peak memory. An input
fails when misec crashes (exit code other than 0, 1 or 2), uses more than
1 s of CPU, or more than 1 GiB of memory.

    cargo build --release && fuzz/probes.py [path/to/misec]
"""

import json
import os
import resource
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "probes")
MISEC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/misec")
CPU_LIMIT, MEM_LIMIT_KB = 1.0, 1024 * 1024

SUBNET_ONLY = "vnet v {\n  address 10.0.0.0/16\n  region westeurope\n  subnet mi {\n    address 10.0.1.0/24\n    delegated\n  }\n}\n"


def vnet(body):
    return "profile mi-2022\nvnet v {\n  address 10.0.0.0/8\n  region westeurope\n" + body + "}\n"


def subnet(inner, name="s", addr="10.255.0.0/24"):
    return f"  subnet {name} {{\n    address {addr}\n    delegated\n{inner}  }}\n"


def block(kind, lines):
    return f"    {kind} {{\n" + "".join(f"      {l}\n" for l in lines) + "    }\n"


def nsg(name, props, extra=None):
    r = {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2022-01-01",
         "name": name, "properties": props}
    r.update(extra or {})
    return r


def template(resources, **more):
    t = {"contentVersion": "1.0.0.0", "resources": resources}
    t.update(more)
    return json.dumps(t)


def rule_copy(count):
    return {"copy": [{"name": "securityRules", "count": count, "input": {
        "name": "[concat('r', copyIndex('securityRules'))]",
        "properties": {"priority": "[add(100, copyIndex('securityRules'))]", "direction": "Inbound",
                       "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "*",
                       "destinationAddressPrefix": "*", "sourcePortRange": "*",
                       "destinationPortRange": "1433"}}}]}


def deployment(resources):
    return {"type": "Microsoft.Resources/deployments", "apiVersion": "2021-04-01",
            "name": "[concat('d', copyIndex())]", "copy": {"name": "d", "count": 800},
            "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
                           "template": {"contentVersion": "1.0.0.0", "resources": resources}}}


def probes():
    """(name, command arguments after `misec`, file name, file text)"""
    tags = ["Sql", "Storage", "AzureCloud", "EventHub", "AzureKeyVault"]
    many = [f"r{i}: allow tcp from 10.{i // 250}.{i % 250}.0/24 to subnet port {1000 + i}" for i in range(1800)]
    yield "misec: 1,800 rules", ["check"], "rules.misec", vnet(subnet(block("inbound", many)))
    yield "misec: 2,500 identical rules", ["check"], "same.misec", vnet(subnet(block("inbound", ["r%d: deny any from any to subnet" % i for i in range(2500)])))
    yield "misec: 11,000 syntax errors", ["check"], "garbage.misec", "@@ !! ??\n" * 11000
    yield "misec: 12,000 nested blocks", ["check"], "nest.misec", "vnet a {\n" * 12000
    yield "misec: 100,000 `[`", ["check"], "list.misec", "let a = " + "[" * 100000
    yield "misec: a 100 kB name", ["check"], "name.misec", "let a = [" + "x" * 100000 + "]\n"
    yield "misec: 2,500 unknown tags", ["check"], "tags.misec", "".join(f"let a{i} = [Sq1Managment{i}x.westeurop{i}]\n" for i in range(2500))
    yield "misec: 3,000 chained sets", ["check"], "lets.misec", "let a0 = [10.0.0.0/16]\n" + "".join(f"let a{i} = [a{i - 1}, 10.{i % 250}.{i // 250}.0/24]\n" for i in range(1, 3000))
    yield "misec: 700 subnets", ["check"], "subnets.misec", vnet("".join(subnet(block("inbound", ["a: allow tcp from 10.200.0.0/16 to subnet port 1433"]), f"s{i}", f"10.{i // 64}.{(i % 64) * 4}.0/22") for i in range(700)))
    yield "misec: 2,000 regional tags", ["check"], "regional.misec", vnet(subnet(block("outbound", [f"r{i}: allow tcp from subnet to {tags[i % 5]}.westeurope port {1000 + i}" for i in range(2000)])))
    yield "misec: 2,500 routes", ["check"], "routes.misec", vnet(subnet(block("routes", [f"r{i}: 10.{i // 250}.{i % 250}.0/24 via appliance 10.0.0.4" for i in range(2500)])))
    yield "import: 100,000 `[`", ["check"], "nest.json", "[" * 100000
    yield "import: 30,000 nested objects", ["check"], "objects.json", '{"a":' * 30000
    yield "import: 20,000 nested concat()", ["check"], "concat.json", template([nsg("[" + "concat(" * 20000 + "'a'" + ")" * 20000 + "]", {})])
    yield "import: copy count 2,000,000,000", ["check"], "count.json", template([nsg("n", rule_copy(2000000000))])
    yield "import: 800 NSGs x 800 rules", ["check"], "copy2.json", template([nsg("[concat('n', copyIndex())]", rule_copy(800), {"copy": {"name": "c", "count": 800}})])
    yield "import: 800 deployments x 800 NSGs x 800 rules", ["check"], "copy3.json", template([deployment([nsg("[concat('n', copyIndex())]", rule_copy(800), {"copy": {"name": "c", "count": 800}})])])
    yield "import: 800 x 800 deployments x 800 NSGs", ["check"], "deploy2.json", template([deployment([deployment([nsg("[concat('n', copyIndex())]", {}, {"copy": {"name": "c", "count": 800}})])])])
    doubling = {"v0": "ab", **{f"v{i}": f"[concat(variables('v{i - 1}'), variables('v{i - 1}'))]" for i in range(1, 64)}}
    yield "import: a string doubled 63 times", ["check"], "double.json", template([nsg("[variables('v63')]", {})], variables=doubling)
    yield "import: 24 nested replace('', ...)", ["check"], "replace.json", template([nsg("[" + "replace(" * 24 + "'ab'" + ", '', 'xyz')" * 24 + "]", {})])
    yield "import: variables that name each other", ["check"], "cycle.json", template([nsg("[variables('a')]", {})], variables={"a": "[variables('b')]", "b": "[variables('a')]"})
    nested = '{"type":"Microsoft.Resources/deployments","apiVersion":"2021-04-01","name":"d","properties":{"template":{"resources":['
    yield "import: 700 nested deployments", ["check"], "deep.json", '{"resources":[' + nested * 700 + "]}}}" * 700 + "]}"
    for kind, flag in [("configuration", "--config"), ("profile", "--profile")]:
        args = ["check", flag, None, "subnet.misec"]
        yield f"yaml {kind}: 50,000 `[`", args, "nest.yaml", "a: " + "[" * 50000
        yield f"yaml {kind}: an alias bomb", args, "laughs.yaml", "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
        yield f"yaml {kind}: 12,000 keys", args, "keys.yaml", "".join(f"k{i}: v\n" for i in range(12000))
    for text in ["tcp " + "1" * 100000 + " -> subnet", "tcp [" + ":" * 100000 + "] -> subnet", "tcp 10.0.1.4 -> " + "10.0.1.4," * 10000]:
        yield "query: a 100 kB flow", ["query", "subnet.misec", text], None, None


def run(args):
    """Runs misec; returns (exit code, CPU seconds, peak KiB) of that one process."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
        os.nice(19)
    proc = subprocess.Popen([MISEC] + args, cwd=OUT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, preexec_fn=limit)
    timer = threading.Timer(300, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "subnet.misec"), "w") as f:
        f.write(SUBNET_ONLY)
    failed = 0
    for label, args, name, text in probes():
        if name is not None:
            with open(os.path.join(OUT, name), "w") as f:
                f.write(text)
            args = [name if a is None else a for a in args] if None in args else args + [name]
        code, cpu, kib = run(args)
        bad = code not in (0, 1, 2) or cpu > CPU_LIMIT or kib > MEM_LIMIT_KB
        failed += bad
        print(f"{'FAIL' if bad else 'ok  '} {cpu:6.2f} s {kib // 1024:>5} MiB  exit {code:>4}  {label}")
    print(f"{failed} of the probes failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Network collectors: interfaces, default route, name resolution, TCP reachability, proxies.

Addresses are reported as they are; the redaction module removes them before
anything leaves the machine.
"""

from __future__ import annotations

import os
import re
import socket
import sys
import time
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING, Any, TypedDict

import psutil

if TYPE_CHECKING:
    from psutil._ntuples import snicstats

from kbdesk.core.diagnostics.base import (
    CollectorOutput,
    DiagnosticsOptions,
    key_values,
    read_text,
    run_command,
    run_parallel,
    table,
)

_FAMILIES = {socket.AF_INET: "ipv4", socket.AF_INET6: "ipv6"}
_LINK_FAMILY = getattr(psutil, "AF_LINK", None)


def collect_interfaces(options: DiagnosticsOptions) -> CollectorOutput:
    stats = psutil.net_if_stats()
    addresses = psutil.net_if_addrs()
    interfaces: list[dict[str, Any]] = []
    for name in sorted(set(stats) | set(addresses)):
        stat = stats.get(name)
        addrs: list[dict[str, str | None]] = []
        for addr in addresses.get(name, ()):
            if addr.family in _FAMILIES:
                family = _FAMILIES[addr.family]
            elif _LINK_FAMILY is not None and addr.family == _LINK_FAMILY:
                family = "mac"
            else:
                continue
            addrs.append({"family": family, "address": addr.address, "netmask": addr.netmask})
        loopback = _is_loopback(name, stat, addrs)
        interfaces.append(
            {
                "name": name,
                "up": bool(stat and stat.isup),
                "loopback": loopback,
                "speed_mbps": stat.speed if stat and stat.speed else None,
                "mtu": stat.mtu if stat else None,
                "addresses": addrs,
            }
        )
    usable = [
        i for i in interfaces if i["up"] and not i["loopback"] and any(a["family"] != "mac" for a in i["addresses"])
    ]
    warnings = [] if usable else ["no network interface is up with an address (only loopback or nothing)"]
    rows = [
        (
            i["name"],
            "up" if i["up"] else "down",
            ", ".join(a["address"] for a in i["addresses"] if a["family"] != "mac") or "-",
            i["mtu"] or "",
        )
        for i in interfaces
    ]
    data = {
        "interfaces": interfaces,
        "up": [i["name"] for i in interfaces if i["up"]],
        "usable": [i["name"] for i in usable],
    }
    return CollectorOutput(data, table(("Interface", "State", "Addresses", "MTU"), rows), tuple(warnings))


def collect_default_route(options: DiagnosticsOptions) -> CollectorOutput:
    if sys.platform.startswith("linux"):
        routes, source = _linux_default_routes(), "/proc/net/route"
    elif sys.platform == "win32":
        routes, source = _windows_default_routes(), "route print"
    else:
        routes, source = _bsd_default_routes(), "route get default"
    present = routes is not None and bool(routes)
    warnings = []
    if routes is None:
        text = "could not read the routing table"
    elif not routes:
        warnings.append("there is no default route: this machine cannot reach other networks")
        text = "no default route"
    else:
        text = table(
            ("Family", "Gateway", "Interface"),
            [(r["family"], r["gateway"] or "(direct)", r["interface"] or "?") for r in routes],
        )
    data = {"present": present, "routes": routes or [], "source": source if routes is not None else None}
    return CollectorOutput(data, text, tuple(warnings))


def collect_dns(options: DiagnosticsOptions) -> CollectorOutput:
    hosts = list(options.dns_hosts)
    data: dict[str, Any] = {"nameservers": _nameservers(), "lookups": []}
    if not hosts:
        text = "no hosts to look up"
        if data["nameservers"]:
            text += "\n" + key_values([("Name servers", ", ".join(data["nameservers"]))])
        return CollectorOutput(data, text)

    def lookup(host: str) -> tuple[list[str], float]:
        started = time.perf_counter()
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        return sorted({str(info[4][0]) for info in infos}), time.perf_counter() - started

    warnings = []
    for host, (value, exc, timed_out) in zip(hosts, run_parallel(lookup, hosts, options.timeout, "dns"), strict=True):
        if value is not None:
            entry = {
                "host": host,
                "resolved": True,
                "addresses": value[0],
                "seconds": round(value[1], 4),
                "error": None,
            }
        else:
            error = f"no answer within {options.timeout:g} s" if timed_out else _describe(exc)
            entry = {"host": host, "resolved": False, "addresses": [], "seconds": None, "error": error}
            warnings.append(f"cannot resolve {host}: {error}")
        data["lookups"].append(entry)
    rows = [
        (e["host"], ", ".join(e["addresses"]) if e["resolved"] else "FAILED: " + e["error"], _ms(e["seconds"]))
        for e in data["lookups"]
    ]
    text = table(("Host", "Addresses", "Time"), rows)
    if data["nameservers"]:
        text += "\n" + key_values([("Name servers", ", ".join(data["nameservers"]))])
    return CollectorOutput(data, text, tuple(warnings))


def collect_tcp(options: DiagnosticsOptions) -> CollectorOutput:
    targets = list(options.tcp_targets)
    if not targets:
        return CollectorOutput({"checks": []}, "no servers to check")

    def connect(target: tuple[str, int]) -> tuple[str, float]:
        started = time.perf_counter()
        with socket.create_connection(target, timeout=options.timeout) as sock:
            peer = sock.getpeername()[0]
        return peer, time.perf_counter() - started

    checks: list[dict[str, Any]] = []
    warnings = []
    # the outer budget is a little longer than the socket timeout, so a slow
    # connect reports its own error before the thread is abandoned
    for (host, port), (value, exc, timed_out) in zip(
        targets, run_parallel(connect, targets, options.timeout + 0.25, "tcp"), strict=True
    ):
        if value is not None:
            checks.append(
                {
                    "host": host,
                    "port": port,
                    "reachable": True,
                    "address": value[0],
                    "seconds": round(value[1], 4),
                    "error": None,
                }
            )
        else:
            error = f"no answer within {options.timeout:g} s" if timed_out else _describe(exc)
            checks.append(
                {"host": host, "port": port, "reachable": False, "address": None, "seconds": None, "error": error}
            )
            warnings.append(f"cannot connect to {host}:{port}: {error}")
    rows = [
        (f"{c['host']}:{c['port']}", "reachable" if c["reachable"] else "FAILED: " + c["error"], _ms(c["seconds"]))
        for c in checks
    ]
    return CollectorOutput({"checks": checks}, table(("Server", "Result", "Time"), rows), tuple(warnings))


_PROXY_VARS = ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy")


def collect_proxy(options: DiagnosticsOptions) -> CollectorOutput:
    env = {}
    for var in _PROXY_VARS:
        # Windows environment names ignore case: asking for both would list the variable twice
        for name in (var.upper(),) if sys.platform == "win32" else (var, var.upper()):
            if name in os.environ:
                value = os.environ[name]
                env[name] = value if var == "no_proxy" else mask_proxy_credentials(value)
    effective = {
        scheme: mask_proxy_credentials(url) if scheme != "no" else url
        for scheme, url in urllib.request.getproxies().items()
    }
    configured = any(scheme != "no" for scheme in effective)
    data: dict[str, Any] = {
        "environment": env,
        "effective": effective,
        "configured": configured,
        "probes": [],
        "reachable": None,
    }
    if not env and not effective:
        return CollectorOutput(data, "no proxy configured")
    lines = list(env.items())
    lines += [(f"in use for {scheme}", url) for scheme, url in sorted(effective.items())]
    warnings = []
    targets = proxy_targets(urllib.request.getproxies()) if options.probe_proxy else []
    if targets:
        probes = _probe(targets, options.timeout)
        data["probes"] = probes
        data["reachable"] = all(p["reachable"] for p in probes)
        for probe in probes:
            lines.append((f"proxy {probe['proxy']}", "answers" if probe["reachable"] else f"FAILED: {probe['error']}"))
            if not probe["reachable"]:
                warnings.append(f"the proxy {probe['proxy']} does not answer: {probe['error']}")
    return CollectorOutput(data, key_values(lines), tuple(warnings))


def proxy_targets(proxies: dict[str, str]) -> list[tuple[str, int]]:
    """(host, port) of each distinct proxy in ``urllib.request.getproxies()``; ``no`` is a bypass list, not a proxy."""
    targets: dict[tuple[str, int], None] = {}
    for scheme, url in proxies.items():
        if scheme == "no" or not url:
            continue
        parts = urllib.parse.urlsplit(url if "://" in url else f"http://{url}")
        try:
            port = parts.port
        except ValueError:
            continue
        if parts.hostname:
            default = 1080 if parts.scheme.startswith("socks") else (443 if parts.scheme == "https" else 80)
            targets[(parts.hostname, port or default)] = None
    return list(targets)[:8]  # one or two in practice; the cap bounds a strange environment


class ProxyProbe(TypedDict):
    proxy: str  # host:port, never the credentials
    reachable: bool
    error: str | None


def _probe(targets: list[tuple[str, int]], timeout: float) -> list[ProxyProbe]:
    """One TCP connection to each proxy, nothing sent: does it answer?"""

    def connect(target: tuple[str, int]) -> None:
        with socket.create_connection(target, timeout=timeout):
            pass

    probes: list[ProxyProbe] = []
    for (host, port), (_, exc, timed_out) in zip(
        targets, run_parallel(connect, targets, timeout + 0.25, "proxy"), strict=True
    ):
        error = None
        if timed_out:
            error = f"no answer within {timeout:g} s"
        elif exc is not None:
            error = _describe(exc)
        name = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        probes.append({"proxy": name, "reachable": error is None, "error": error})
    return probes


def mask_proxy_credentials(url: str) -> str:
    """``http://user:secret@proxy:3128`` -> ``http://***:***@proxy:3128``.

    Splits at the last ``@`` so a password containing ``@`` or ``/`` is still
    hidden whole; anything odd errs towards hiding too much.
    """
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*://)?(.*)$", url, re.DOTALL)
    scheme, rest = (match.group(1) or "", match.group(2)) if match else ("", url)
    if "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    masked = "***:***" if ":" in credentials else "***"
    return f"{scheme}{masked}@{host}"


# --- helpers ------------------------------------------------------------------


def _is_loopback(name: str, stat: snicstats | None, addrs: list[dict[str, str | None]]) -> bool:
    if stat is not None and "loopback" in getattr(stat, "flags", ""):
        return True
    ips = [a["address"] or "" for a in addrs if a["family"] != "mac"]
    return (bool(ips) and all(ip.startswith("127.") or ip == "::1" for ip in ips)) or name in {"lo", "lo0"}


def _linux_default_routes() -> list[dict[str, str | None]] | None:
    text = read_text("/proc/net/route")
    if text is None:
        return None
    routes: list[dict[str, str | None]] = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 8:
            continue
        iface, destination, gateway, flags, mask = fields[0], fields[1], fields[2], int(fields[3], 16), fields[7]
        # RTF_UP (0x1); the default route has destination 0 and mask 0
        if destination == "00000000" and mask == "00000000" and flags & 0x1:
            # the kernel writes the address as a little-endian hex number
            gw = socket.inet_ntoa(int(gateway, 16).to_bytes(4, "little")) if flags & 0x2 else None
            routes.append({"family": "ipv4", "gateway": gw, "interface": iface})
    v6 = read_text("/proc/net/ipv6_route")
    for line in (v6 or "").splitlines():
        fields = line.split()
        if len(fields) < 10:
            continue
        dest, prefix, gateway, flags, iface = fields[0], fields[1], fields[4], int(fields[8], 16), fields[9]
        # 0x200 is RTF_REJECT: "unreachable" placeholders are not routes
        if dest == "0" * 32 and prefix == "00" and flags & 0x1 and not flags & 0x200 and iface != "lo":
            gw = None if gateway == "0" * 32 else socket.inet_ntop(socket.AF_INET6, bytes.fromhex(gateway))
            routes.append({"family": "ipv6", "gateway": gw, "interface": iface})
    return routes


def _bsd_default_routes() -> list[dict[str, str | None]] | None:
    out = run_command(["route", "-n", "get", "default"], timeout=1.0)
    if out is not None:
        pairs = dict(line.strip().split(":", 1) for line in out.splitlines() if ":" in line)
        gateway = pairs.get("gateway", "").strip() or None
        iface = pairs.get("interface", "").strip() or None
        return [{"family": "ipv4", "gateway": gateway, "interface": iface}] if gateway or iface else []
    out = run_command(["netstat", "-rn"], timeout=1.5)
    if out is None:
        return None
    routes: list[dict[str, str | None]] = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0] in {"default", "0.0.0.0"}:
            family = "ipv6" if ":" in fields[1] else "ipv4"
            routes.append(
                {"family": family, "gateway": fields[1], "interface": fields[-1] if len(fields) > 3 else None}
            )
    return routes


def _windows_default_routes() -> list[dict[str, str | None]] | None:
    out = run_command(["route", "print", "-4", "0.0.0.0"], timeout=1.5)
    if out is None:
        return None
    routes: list[dict[str, str | None]] = []
    for line in out.splitlines():
        fields = line.split()
        # Network Destination, Netmask, Gateway, Interface, Metric
        if len(fields) >= 4 and fields[0] == "0.0.0.0" and fields[1] == "0.0.0.0":
            routes.append({"family": "ipv4", "gateway": fields[2], "interface": fields[3]})
    return routes


def _nameservers() -> list[str]:
    if sys.platform == "win32":
        return []  # not in a file; ipconfig /all is slow and localised
    text = read_text("/etc/resolv.conf") or ""
    return [line.split()[1] for line in text.splitlines() if line.startswith("nameserver") and len(line.split()) > 1]


def _describe(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    if isinstance(exc, socket.gaierror):
        return f"name not found ({exc.strerror or exc})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {exc}"


def _ms(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds * 1000:.0f} ms"

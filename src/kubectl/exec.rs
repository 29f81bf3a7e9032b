//! `kubectl exec POD -- COMMAND`: the few commands a lesson runs inside a pod,
//! answered from the engine's DNS and the pod's own identity, in the formats of the
//! real tools. BusyBox images get BusyBox's `nslookup` (1.28 and older: the libc
//! resolver, which walks the search path; newer: its own resolver, which adds the
//! search domains only to names without a dot); other images answer as if Debian's
//! `dnsutils` were installed (`nslookup` and `dig` of BIND 9). `cat /etc/resolv.conf`,
//! `cat /etc/hosts`, `cat /etc/hostname` and `hostname [-f|-i]` show what the kubelet
//! wrote for the pod.

use k8s_openapi::api::core::v1::Pod;

use super::error::{CommandError, Result};
use super::flags::{self, Flag};
use super::{namespace_of, Ctx};
use crate::engine::controllers::service::DNS_SERVICE_IP;
use crate::engine::controllers::statefulset::CLUSTER_DOMAIN;
use crate::engine::dns::{self, Answer, Rcode, Record, RecordType};
use crate::engine::Cluster;

const FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("container", Some('c')),
    flags::switch("stdin", Some('i')),
    flags::switch("tty", Some('t')),
    flags::switch("quiet", Some('q')),
];

/// The version string dig prints (Debian bookworm's BIND).
const DIG_VERSION: &str = "9.18.33-1~deb12u2-Debian";

/// `kubectl exec`.
pub fn run(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, FLAGS, "exec")?;
    let namespace = namespace_of(&args);
    let Some(target) = args.positional.first() else {
        return Err(CommandError::usage(
            "pod, type/name or --filename must be specified",
        ));
    };
    let pod = target
        .strip_prefix("pod/")
        .or_else(|| target.strip_prefix("pods/"))
        .unwrap_or(target);
    let Some(command) = args.command.clone().filter(|c| !c.is_empty()) else {
        if args.positional.len() > 1 {
            return Err(CommandError::usage(
                "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
            ));
        }
        return Err(CommandError::usage(
            "you must specify at least one command for the container",
        ));
    };
    run_in_pod(ctx, &namespace, pod, args.value("container"), &command)
}

/// Run `command` in a container of pod `name`, printing what it prints.
pub fn run_in_pod(
    ctx: &mut Ctx,
    namespace: &str,
    name: &str,
    container: Option<&str>,
    command: &[String],
) -> Result<()> {
    let Some(pod) = ctx.cluster.get::<Pod>(namespace, name).cloned() else {
        return Err(CommandError::not_found("pods", name));
    };
    let containers = pod
        .spec
        .as_ref()
        .map(|s| s.containers.clone())
        .unwrap_or_default();
    let chosen = match container {
        Some(wanted) => containers
            .iter()
            .find(|c| c.name == wanted)
            .cloned()
            .ok_or_else(|| {
                CommandError::usage(format!("container {wanted} not found in pod {name}"))
            })?,
        None => containers
            .first()
            .cloned()
            .ok_or_else(|| CommandError::usage(format!("pod {name} has no containers")))?,
    };
    let running = pod.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running");
    if !running {
        return Err(CommandError::usage(format!(
            "unable to upgrade connection: container not found ({:?})",
            chosen.name
        )));
    }
    let image = chosen.image.clone().unwrap_or_default();
    let shell = Shell {
        cluster: ctx.cluster,
        namespace: namespace.to_owned(),
        pod: &pod,
        image: Image::of(&image),
    };
    let (output, code) = shell.run(command)?;
    ctx.print(&output);
    if code != 0 {
        return Err(CommandError::Exit(code));
    }
    Ok(())
}

/// Which family of tools an image carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Image {
    /// BusyBox up to 1.28: nslookup through libc's resolver.
    OldBusyBox,
    /// BusyBox 1.29 and later: nslookup with its own resolver.
    BusyBox,
    /// Anything else: Debian-like, with BIND's nslookup and dig.
    Debian,
}

impl Image {
    /// The tool family of an image reference (`busybox:1.28`, `nginx`).
    pub fn of(image: &str) -> Image {
        let without_digest = image.split('@').next().unwrap_or(image);
        let (repository, tag) = match without_digest.rsplit_once(':') {
            Some((repo, tag)) if !tag.contains('/') => (repo, tag),
            _ => (without_digest, "latest"),
        };
        let base = repository.rsplit('/').next().unwrap_or(repository);
        if base != "busybox" {
            return Image::Debian;
        }
        let mut numbers = tag.split(['.', '-']).map(|p| p.parse::<u32>().ok());
        match (numbers.next().flatten(), numbers.next().flatten()) {
            (Some(major), Some(minor)) if (major, minor) <= (1, 28) => Image::OldBusyBox,
            _ => Image::BusyBox,
        }
    }
}

/// A container's view of the cluster.
struct Shell<'a> {
    cluster: &'a Cluster,
    namespace: String,
    pod: &'a Pod,
    image: Image,
}

impl Shell<'_> {
    /// Run one command; its output and exit code.
    fn run(&self, command: &[String]) -> Result<(String, i32)> {
        let program = command[0].rsplit('/').next().unwrap_or(&command[0]);
        let args = &command[1..];
        match program {
            "sh" | "bash" | "ash" => match args {
                [flag, script, ..] if flag == "-c" => {
                    let words = super::argv::split(script)?;
                    if words.is_empty() {
                        return Ok((String::new(), 0));
                    }
                    self.run(&words)
                }
                _ => Err(CommandError::usage(
                    "Ordinal cannot open an interactive shell; pass the command itself after --, e.g. -- nslookup giropops-0.nginx",
                )),
            },
            "nslookup" => Ok(self.nslookup(args)),
            "dig" if self.image == Image::Debian => Ok(self.dig(args)),
            "hostname" => self.hostname(args),
            "cat" => self.cat(args),
            _ => Err(CommandError::Raw(format!(
                "error: Internal error occurred: error executing command in container: failed to exec in container: OCI runtime exec failed: exec failed: unable to start container process: exec: {program:?}: executable file not found in $PATH: unknown\n(Ordinal answers nslookup, dig, cat /etc/resolv.conf|/etc/hosts|/etc/hostname and hostname [-f|-i] inside pods)"
            ))),
        }
    }

    fn pod_ip(&self) -> String {
        self.pod
            .status
            .as_ref()
            .and_then(|s| s.pod_ip.clone())
            .unwrap_or_default()
    }

    fn hostname_short(&self) -> String {
        self.pod
            .spec
            .as_ref()
            .and_then(|s| s.hostname.clone())
            .or_else(|| self.pod.metadata.name.clone())
            .unwrap_or_default()
    }

    /// The pod's fully qualified name, as the kubelet writes it into /etc/hosts:
    /// `<hostname>.<subdomain>.<namespace>.svc.cluster.local` when it has a subdomain.
    fn hostname_full(&self) -> String {
        let short = self.hostname_short();
        match self.pod.spec.as_ref().and_then(|s| s.subdomain.as_deref()) {
            Some(sub) if !sub.is_empty() => {
                format!("{short}.{sub}.{}.svc.{CLUSTER_DOMAIN}", self.namespace)
            }
            _ => short,
        }
    }

    fn hostname(&self, args: &[String]) -> Result<(String, i32)> {
        let text = match args.first().map(String::as_str) {
            None => self.hostname_short(),
            Some("-f" | "--fqdn" | "--long") => self.hostname_full(),
            Some("-s" | "--short") => self.hostname_short(),
            Some("-i" | "--ip-address") => self.pod_ip(),
            Some(other) => {
                return Ok((
                    format!(
                        "hostname: invalid option -- '{}'\n",
                        other.trim_start_matches('-')
                    ),
                    1,
                ))
            }
        };
        Ok((format!("{text}\n"), 0))
    }

    fn cat(&self, args: &[String]) -> Result<(String, i32)> {
        let mut out = String::new();
        let mut code = 0;
        for path in args {
            match path.as_str() {
                "/etc/resolv.conf" => out.push_str(&dns::resolv_conf(&self.namespace)),
                "/etc/hostname" => out.push_str(&format!("{}\n", self.hostname_short())),
                "/etc/hosts" => {
                    out.push_str("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n");
                    let full = self.hostname_full();
                    let short = self.hostname_short();
                    if full == short {
                        out.push_str(&format!("{}\t{short}\n", self.pod_ip()));
                    } else {
                        out.push_str(&format!("{}\t{full}\t{short}\n", self.pod_ip()));
                    }
                }
                other => {
                    out.push_str(&format!("cat: {other}: No such file or directory\n"));
                    code = 1;
                }
            }
        }
        Ok((out, code))
    }

    fn query(&self, name: &str, type_: RecordType) -> Answer {
        dns::query(self.cluster, name, type_)
    }

    fn nslookup(&self, args: &[String]) -> (String, i32) {
        let mut type_ = None;
        let mut positional = Vec::new();
        for arg in args {
            if let Some(option) = arg.strip_prefix('-') {
                let (key, value) = option.split_once('=').unwrap_or((option, ""));
                if matches!(key, "type" | "querytype" | "q" | "query") {
                    type_ = RecordType::parse(value);
                    if type_.is_none() {
                        return (format!("nslookup: invalid query type \"{value}\"\n"), 1);
                    }
                }
            } else {
                positional.push(arg.as_str());
            }
        }
        let Some(name) = positional.first().copied() else {
            return (
                "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n".to_owned(),
                1,
            );
        };
        let server = positional.get(1).copied().unwrap_or(DNS_SERVICE_IP);
        match self.image {
            Image::OldBusyBox => self.nslookup_libc(name, server),
            Image::BusyBox => self.nslookup_busybox(name, server, type_),
            Image::Debian => self.nslookup_bind(name, server, type_),
        }
    }

    /// BusyBox 1.28: `getaddrinfo` (the search path with ndots) and reverse names.
    fn nslookup_libc(&self, name: &str, server: &str) -> (String, i32) {
        let mut out = format!("{:<10} {server}\n", "Server:");
        out.push_str(&self.libc_address_line(1, server));
        out.push('\n');
        let resolution = dns::resolve(self.cluster, &self.namespace, name, RecordType::A);
        let ips: Vec<String> = resolution
            .answer()
            .map(|a| {
                a.records
                    .iter()
                    .filter(|r| r.type_ == RecordType::A)
                    .map(|r| r.data.clone())
                    .collect()
            })
            .unwrap_or_default();
        if ips.is_empty() {
            out.push_str(&format!("nslookup: can't resolve '{name}'\n"));
            return (out, 1);
        }
        out.push_str(&format!("{:<10} {name}\n", "Name:"));
        for (i, ip) in ips.iter().enumerate() {
            out.push_str(&self.libc_address_line(i + 1, ip));
        }
        (out, 0)
    }

    fn libc_address_line(&self, index: usize, ip: &str) -> String {
        let reverse = self
            .query(&dns::reverse_name(ip), RecordType::Ptr)
            .records
            .first()
            .map(|r| r.data.trim_end_matches('.').to_owned());
        match reverse {
            Some(host) => format!("Address {index}: {ip} {host}\n"),
            None => format!("Address {index}: {ip}\n"),
        }
    }

    /// BusyBox 1.29+: one query per type (A and AAAA by default), and for a name
    /// without a dot one per search domain; each reply printed, then a blank line.
    fn nslookup_busybox(
        &self,
        name: &str,
        server: &str,
        type_: Option<RecordType>,
    ) -> (String, i32) {
        let mut out = format!("Server:\t\t{server}\nAddress:\t{server}:53\n\n");
        let reverse = name.parse::<std::net::Ipv4Addr>().is_ok();
        let types: Vec<Option<RecordType>> = match (type_, reverse) {
            (Some(t), _) => vec![Some(t)],
            (None, true) => vec![Some(RecordType::Ptr)],
            // AAAA is asked too; the cluster serves no IPv6, so it never has records.
            (None, false) => vec![Some(RecordType::A), None],
        };
        let search = dns::search_path(&self.namespace);
        for t in types {
            let names: Vec<String> = if reverse {
                vec![dns::reverse_name(name).trim_end_matches('.').to_owned()]
            } else if name.contains('.') || t == Some(RecordType::Ptr) {
                vec![name.to_owned()]
            } else {
                search.iter().map(|d| format!("{name}.{d}")).collect()
            };
            for queried in names {
                let answer = self.query(&queried, t.unwrap_or(RecordType::A));
                if answer.rcode == Rcode::NxDomain {
                    out.push_str(&format!("** server can't find {queried}: NXDOMAIN\n"));
                } else if t.is_some() {
                    out.push_str(&bind_style_records(&answer.records));
                }
                out.push('\n');
            }
        }
        (out, 0)
    }

    /// BIND 9's nslookup: the search path with ndots, A then AAAA.
    fn nslookup_bind(&self, name: &str, server: &str, type_: Option<RecordType>) -> (String, i32) {
        let mut out = format!("Server:\t\t{server}\nAddress:\t{server}#53\n\n");
        if let Ok(ip) = name.parse::<std::net::Ipv4Addr>() {
            let answer = self.query(&dns::reverse_name(&ip.to_string()), RecordType::Ptr);
            if answer.records.is_empty() {
                out.push_str(&format!(
                    "** server can't find {}: NXDOMAIN\n\n",
                    dns::reverse_name(&ip.to_string()).trim_end_matches('.')
                ));
                return (out, 1);
            }
            out.push_str(&bind_style_records(&answer.records));
            out.push('\n');
            return (out, 0);
        }
        let type_ = type_.unwrap_or(RecordType::A);
        let resolution = dns::resolve(self.cluster, &self.namespace, name, type_);
        match resolution.answer() {
            Some(answer) if !answer.records.is_empty() => {
                out.push_str(&bind_style_records(&answer.records));
                out.push('\n');
                (out, 0)
            }
            Some(answer) if answer.rcode == Rcode::NoError => {
                out.push_str(&format!("*** Can't find {name}: No answer\n\n"));
                (out, 1)
            }
            _ => {
                out.push_str(&format!("** server can't find {name}: NXDOMAIN\n\n"));
                (out, 1)
            }
        }
    }

    /// BIND's dig: no search path unless `+search`; `+short` prints the data only.
    fn dig(&self, args: &[String]) -> (String, i32) {
        let mut short = false;
        let mut search = false;
        let mut type_ = RecordType::A;
        let mut name = None;
        let mut server = DNS_SERVICE_IP.to_owned();
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            if let Some(option) = arg.strip_prefix('+') {
                match option {
                    "short" => short = true,
                    "search" => search = true,
                    "nosearch" => search = false,
                    _ => {}
                }
            } else if arg == "-t" {
                if let Some(t) = rest.next().and_then(|t| RecordType::parse(t)) {
                    type_ = t;
                }
            } else if let Some(at) = arg.strip_prefix('@') {
                server = at.to_owned();
            } else if let Some(t) = RecordType::parse(arg).filter(|_| name.is_some()) {
                type_ = t;
            } else if name.is_none() {
                name = Some(arg.clone());
            }
        }
        let Some(name) = name else {
            return (String::new(), 0);
        };
        let answer = if search && !name.ends_with('.') {
            let resolution = dns::resolve(self.cluster, &self.namespace, &name, type_);
            resolution
                .answer()
                .cloned()
                .unwrap_or_else(|| self.query(&name, type_))
        } else {
            self.query(&name, type_)
        };
        if short {
            let text: String = answer
                .records
                .iter()
                .map(|r| format!("{}\n", r.data))
                .collect();
            return (text, 0);
        }
        let status = match answer.rcode {
            Rcode::NoError => "NOERROR",
            Rcode::NxDomain => "NXDOMAIN",
        };
        let authority = usize::from(answer.records.is_empty());
        let mut out = format!(
            "\n; <<>> DiG {DIG_VERSION} <<>> {}\n;; global options: +cmd\n;; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: {status}, id: {}\n;; flags: qr aa rd; QUERY: 1, ANSWER: {}, AUTHORITY: {authority}, ADDITIONAL: 1\n;; WARNING: recursion requested but not available\n\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n",
            args.join(" "),
            query_id(&answer.name, self.cluster.now().as_millis()),
            answer.records.len()
        );
        out.push_str(&columns(
            &format!(";{}", answer.name),
            &[("IN", 32), (type_.as_str(), 40)],
        ));
        if !answer.records.is_empty() {
            out.push_str("\n;; ANSWER SECTION:\n");
            for record in &answer.records {
                out.push_str(&dig_record(record));
            }
        } else {
            out.push_str("\n;; AUTHORITY SECTION:\n");
            let soa = format!(
                "ns.dns.{CLUSTER_DOMAIN}. hostmaster.{CLUSTER_DOMAIN}. {} 7200 1800 86400 {}",
                soa_serial(self.cluster),
                dns::TTL
            );
            out.push_str(&columns(
                &format!("{CLUSTER_DOMAIN}."),
                &[
                    (&dns::TTL.to_string(), 24),
                    ("IN", 32),
                    ("SOA", 40),
                    (&soa, 48),
                ],
            ));
        }
        let when = self.cluster.timestamp(self.cluster.now());
        out.push_str(&format!(
            "\n;; Query time: 0 msec\n;; SERVER: {server}#53({server}) (UDP)\n;; WHEN: {}\n;; MSG SIZE  rcvd: {}\n\n",
            dig_date(&when),
            message_size(&answer)
        ));
        (out, 0)
    }
}

/// Answers as BIND's nslookup (and BusyBox's) print them.
fn bind_style_records(records: &[Record]) -> String {
    records
        .iter()
        .map(|r| {
            let name = r.name.trim_end_matches('.');
            match r.type_ {
                RecordType::A | RecordType::Aaaa => {
                    format!("Name:\t{name}\nAddress: {}\n", r.data)
                }
                RecordType::Cname => format!("{name}\tcanonical name = {}\n", r.data),
                RecordType::Ptr => format!("{name}\tname = {}\n", r.data),
                RecordType::Srv => format!("{name}\tservice = {}\n", r.data),
                RecordType::Txt => format!("{name}\ttext = {}\n", r.data),
                RecordType::Soa => soa_lines(name, &r.data),
            }
        })
        .collect()
}

/// An SOA record as both nslookups print it: the owner, then one field a line,
/// names without their trailing dot.
fn soa_lines(name: &str, data: &str) -> String {
    let fields: Vec<&str> = data.split_whitespace().collect();
    let labels = [
        "origin",
        "mail addr",
        "serial",
        "refresh",
        "retry",
        "expire",
        "minimum",
    ];
    let mut out = format!("{name}\n");
    for (label, field) in labels.iter().zip(&fields) {
        out.push_str(&format!("\t{label} = {}\n", field.trim_end_matches('.')));
    }
    out
}

/// dig's master-file layout: each field starts at its column stop (TTL 24, class
/// 32, type 40, data 48), reached with tabs, or after one space when the line is
/// already past the stop (BIND's `indent_to`).
fn columns(start: &str, fields: &[(&str, usize)]) -> String {
    let mut line = start.to_owned();
    let mut width = start.chars().count();
    for (field, stop) in fields {
        if width >= *stop {
            line.push(' ');
            width += 1;
        } else {
            while width < *stop {
                line.push('\t');
                width = (width / 8 + 1) * 8;
            }
        }
        line.push_str(field);
        width += field.chars().count();
    }
    line.push('\n');
    line
}

fn dig_record(record: &Record) -> String {
    columns(
        &record.name,
        &[
            (&record.ttl.to_string(), 24),
            ("IN", 32),
            (record.type_.as_str(), 40),
            (&record.data, 48),
        ],
    )
}

/// A query id that looks random but follows from the name and the clock.
fn query_id(name: &str, now: u64) -> u16 {
    let hash = crate::engine::controllers::fnv1a(format!("{name}{now}").as_bytes());
    (hash % 65_536) as u16
}

fn soa_serial(c: &Cluster) -> i64 {
    crate::engine::EPOCH_UNIX_SECONDS + i64::try_from(c.now().as_millis() / 1000).unwrap_or(0)
}

/// `Thu Jan 01 00:00:05 UTC 2026`, as dig prints the time of the query.
fn dig_date(time: &k8s_openapi::apimachinery::pkg::apis::meta::v1::Time) -> String {
    k8s_openapi::jiff::fmt::strtime::format("%a %b %d %H:%M:%S UTC %Y", time.0).unwrap_or_default()
}

/// The size of the DNS response on the wire: header, question, answers with the
/// owner name compressed, and the OPT record.
fn message_size(answer: &Answer) -> usize {
    let wire_name = |name: &str| {
        name.trim_end_matches('.')
            .split('.')
            .filter(|l| !l.is_empty())
            .map(|l| l.len() + 1)
            .sum::<usize>()
            + 1
    };
    let mut size = 12 + wire_name(&answer.name) + 4 + 11;
    for record in &answer.records {
        let data = match record.type_ {
            RecordType::A => 4,
            RecordType::Aaaa => 16,
            RecordType::Cname | RecordType::Ptr => wire_name(&record.data),
            RecordType::Srv => 6 + wire_name(record.data.rsplit(' ').next().unwrap_or("")),
            // One character-string: its length byte, then the text without the quotes.
            RecordType::Txt => 1 + record.data.trim_matches('"').len(),
            RecordType::Soa => {
                let mut names = record.data.split_whitespace();
                wire_name(names.next().unwrap_or("")) + wire_name(names.next().unwrap_or("")) + 20
            }
        };
        size += 2 + 10 + data;
    }
    if answer.records.is_empty() {
        size += wire_name(CLUSTER_DOMAIN)
            + 10
            + wire_name("ns.dns.cluster.local")
            + wire_name("hostmaster.cluster.local")
            + 20;
    }
    size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_choose_their_tools() {
        assert_eq!(Image::of("busybox:1.28"), Image::OldBusyBox);
        assert_eq!(Image::of("busybox:1.27.2"), Image::OldBusyBox);
        assert_eq!(Image::of("busybox"), Image::BusyBox);
        assert_eq!(Image::of("docker.io/library/busybox:1.36"), Image::BusyBox);
        assert_eq!(Image::of("nginx"), Image::Debian);
        assert_eq!(Image::of("registry:5000/nginx:1.27"), Image::Debian);
    }

    #[test]
    fn dig_lines_up_its_columns_like_bind() {
        let record = |name: &str| Record {
            name: name.to_owned(),
            type_: RecordType::A,
            data: "10.96.0.1".to_owned(),
            ttl: 30,
        };
        assert_eq!(
            dig_record(&record("kubernetes.default.svc.cluster.local.")),
            "kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1\n"
        );
        assert_eq!(
            dig_record(&record("a.b.")),
            "a.b.\t\t\t30\tIN\tA\t10.96.0.1\n"
        );
    }

    #[test]
    fn txt_soa_and_aaaa_answers_print_as_nslookup_prints_them() {
        let record = |name: &str, type_: RecordType, data: &str| Record {
            name: name.to_owned(),
            type_,
            data: data.to_owned(),
            ttl: 30,
        };
        assert_eq!(
            bind_style_records(&[record(
                "dns-version.cluster.local.",
                RecordType::Txt,
                "\"1.1.0\""
            )]),
            "dns-version.cluster.local\ttext = \"1.1.0\"\n"
        );
        assert_eq!(
            bind_style_records(&[record(
                "cluster.local.",
                RecordType::Soa,
                "ns.dns.cluster.local. hostmaster.cluster.local. 1767225605 7200 1800 86400 30"
            )]),
            "cluster.local\n\torigin = ns.dns.cluster.local\n\tmail addr = hostmaster.cluster.local\n\tserial = 1767225605\n\trefresh = 7200\n\tretry = 1800\n\texpire = 86400\n\tminimum = 30\n"
        );
        assert_eq!(
            bind_style_records(&[record("a.b.", RecordType::Aaaa, "fd00::1")]),
            "Name:\ta.b\nAddress: fd00::1\n"
        );
    }
}

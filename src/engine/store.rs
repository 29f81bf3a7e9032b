//! The object store: what the API server would keep in etcd, with the watch stream
//! controllers learn from and the indexes they look things up by.
//!
//! Objects are found by key through a hash map and listed through an ordered set of
//! keys (kind, namespace, name), so every listing comes out in the same order on
//! every platform and no order ever depends on hashing. Every write stamps the next
//! `resourceVersion` and is appended to a change journal (the engine's watch events);
//! the indexes (by UID, by owner, pods by node, pods by claim) are kept exact on every
//! write. The store knows nothing of controllers.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::rc::Rc;

use k8s_openapi::api::core::v1::Pod;

use super::clock::SimTime;
use super::object::{Object, Resource};

/// Where an object lives: its kind, its namespace (empty for cluster-wide kinds) and its name.
///
/// Keys order by kind, then namespace, then name, as `str`s order. Queues and
/// indexes compare keys millions of times: a kind that is the very same
/// `&'static str` is equal at once (see `canonical_kind`). A key's namespace and
/// name are shared by all its copies (see [`Name`]), so the store, the watch journal,
/// the work queues and the timers hold the same key without copying its text.
#[derive(Debug, Clone)]
pub struct ObjectKey {
    pub kind: &'static str,
    pub namespace: Name,
    pub name: Name,
}

impl ObjectKey {
    /// The key an object is stored under.
    pub fn of(object: &Object) -> ObjectKey {
        ObjectKey {
            kind: canonical_kind(object.kind()),
            namespace: Name::from(object.metadata().namespace.as_deref().unwrap_or_default()),
            name: Name::from(object.name()),
        }
    }

    /// The key of a `T` named `name` in `namespace` ("" for cluster-wide kinds).
    pub fn new<T: Resource>(namespace: &str, name: &str) -> ObjectKey {
        ObjectKey::from_parts(T::KIND, namespace, name)
    }

    /// Whether `other` is a copy of this very key (not only an equal one): a comparison
    /// of addresses, no text.
    fn is_same(&self, other: &ObjectKey) -> bool {
        std::ptr::eq(self.kind, other.kind)
            && self.name.is_same(&other.name)
            && self.namespace.is_same(&other.namespace)
    }

    /// The key of the object of kind `kind` named `name` in `namespace`.
    pub fn from_parts(kind: &'static str, namespace: &str, name: &str) -> ObjectKey {
        ObjectKey {
            kind: canonical_kind(kind),
            namespace: Name::from(namespace),
            name: Name::from(name),
        }
    }
}

/// The namespace or name of an [`ObjectKey`]: immutable text behind a reference count,
/// so that copying a key (into a queue, a timer, the journal, an index) copies no text
/// and allocates nothing, and two copies of one key compare equal by address. It
/// carries its text's hash, so a key hashes without reading its text again. It reads
/// as a `str`, prints, orders and hashes as one, and compares with `str` and `String`.
#[derive(Clone)]
pub struct Name {
    text: Rc<str>,
    /// [`text_hash`] of the text.
    hash: u64,
}

impl Name {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The hash of the text (as [`KeyHasher`] hashes it alone), kept with it.
    pub fn text_hash(&self) -> u64 {
        self.hash
    }

    /// Whether `other` shares this very text.
    fn is_same(&self, other: &Name) -> bool {
        Rc::ptr_eq(&self.text, &other.text)
    }
}

impl Default for Name {
    fn default() -> Name {
        Name::from("")
    }
}

impl std::ops::Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name {
            text: Rc::from(text),
            hash: text_hash(text),
        }
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::from(text.as_str())
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.hash == other.hash && (self.is_same(other) || self.as_str() == other.as_str())
    }
}

impl Eq for Name {}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Name {
    // As the `str` it holds, so that maps keyed by names are looked up by `str`.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl From<&Name> for String {
    fn from(name: &Name) -> String {
        name.as_str().to_owned()
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

/// The kinds the engine stores.
const KINDS: [&str; 14] = [
    "Pod",
    "Node",
    "Service",
    "ConfigMap",
    "Namespace",
    "ReplicaSet",
    "Deployment",
    "StatefulSet",
    "StorageClass",
    "EndpointSlice",
    "ServiceAccount",
    "PersistentVolume",
    "ControllerRevision",
    "PersistentVolumeClaim",
];

/// Where `kind` is in [`KINDS`], if it is a stored kind.
fn kind_index(kind: &str) -> Option<usize> {
    // Length and first letter pick the one candidate; equality confirms it.
    let candidate = match (kind.len(), kind.as_bytes().first()) {
        (3, _) => 0,
        (4, _) => 1,
        (7, _) => 2,
        (9, Some(b'C')) => 3,
        (9, _) => 4,
        (10, Some(b'R')) => 5,
        (10, _) => 6,
        (11, _) => 7,
        (12, _) => 8,
        (13, _) => 9,
        (14, _) => 10,
        (16, _) => 11,
        (18, _) => 12,
        (21, _) => 13,
        _ => return None,
    };
    (KINDS[candidate] == kind).then_some(candidate)
}

/// The one `&'static str` the engine uses for each kind it stores, so that keys of
/// the same kind compare equal by address. (Any other string still compares right.)
fn canonical_kind(kind: &'static str) -> &'static str {
    kind_index(kind).map_or(kind, |index| KINDS[index])
}

/// `(kind, namespace, name)` order, with the shortcut for one and the same kind string.
fn compare_parts(a: (&str, &str, &str), b: (&str, &str, &str)) -> Ordering {
    let kind = if std::ptr::eq(a.0, b.0) {
        Ordering::Equal
    } else {
        compare_str(a.0, b.0)
    };
    kind.then_with(|| compare_str(a.1, b.1))
        .then_with(|| compare_str(a.2, b.2))
}

/// Whether two keys are the same: lengths first, the name (where keys of one kind
/// differ) before the namespace. Hash lookups compare keys this way millions of times.
fn same_parts(a: (&str, &str, &str), b: (&str, &str, &str)) -> bool {
    a.2.len() == b.2.len()
        && a.1.len() == b.1.len()
        && (std::ptr::eq(a.0, b.0) || same_str(a.0, b.0))
        && same_str(a.2, b.2)
        && same_str(a.1, b.1)
}

/// An eight-byte word of `bytes` from `at`, big-endian, so that words order as their
/// bytes do.
#[inline]
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_be_bytes(word)
}

/// A four-byte word of `bytes` from `at`, big-endian.
#[inline]
fn half_word(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u32::from_be_bytes(word)
}

/// `str` order, eight bytes at a time. Key parts are short: a call into the C
/// library's `memcmp` for each comparison costs more than the comparison itself.
#[inline]
fn compare_str(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let common = a.len().min(b.len());
    if common >= 8 {
        let mut at = 0;
        while at + 8 < common {
            let (x, y) = (word(a, at), word(b, at));
            if x != y {
                return x.cmp(&y);
            }
            at += 8;
        }
        // The last word of the common part, overlapping bytes already found equal.
        let (x, y) = (word(a, common - 8), word(b, common - 8));
        return x.cmp(&y).then(a.len().cmp(&b.len()));
    }
    a[..common]
        .iter()
        .zip(&b[..common])
        .map(|(x, y)| x.cmp(y))
        .find(|order| order.is_ne())
        .unwrap_or(a.len().cmp(&b.len()))
}

/// `str` equality, eight bytes at a time (see [`compare_str`]): the last word
/// overlaps the one before rather than going byte by byte.
#[inline]
fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        let mut at = 0;
        while at + 8 < n {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        return word(a, n - 8) == word(b, n - 8);
    }
    if n >= 4 {
        return half_word(a, 0) == half_word(b, 0) && half_word(a, n - 4) == half_word(b, n - 4);
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

impl PartialEq for ObjectKey {
    fn eq(&self, other: &Self) -> bool {
        self.is_same(other)
            || self.name.hash == other.name.hash && same_parts(self.parts(), other.parts())
    }
}

impl Eq for ObjectKey {}

impl PartialOrd for ObjectKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ObjectKey {
    fn cmp(&self, other: &Self) -> Ordering {
        // Keys from the store share their namespace's text (`Store::shared_namespace`):
        // sorting a queue compares names only.
        if std::ptr::eq(self.kind, other.kind) && self.namespace.is_same(&other.namespace) {
            return compare_str(&self.name, &other.name);
        }
        compare_parts(self.parts(), other.parts())
    }
}

impl Hash for ObjectKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.key_hash());
    }
}

/// The hash of a text, as [`Name`] keeps it.
fn text_hash(text: &str) -> u64 {
    let mut hasher = KeyHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// The one way keys hash, owned or borrowed: the kind by its length and its first and
/// last letters (which tell every stored kind apart), folded into the hashes of the
/// namespace and the name.
fn key_hash(kind: &str, namespace_hash: u64, name_hash: u64) -> u64 {
    let bytes = kind.as_bytes();
    let (first, last) = (
        bytes.first().copied().unwrap_or(0),
        bytes.last().copied().unwrap_or(0),
    );
    let kind = (kind.len() as u64 & 0xff) | u64::from(first) << 8 | u64::from(last) << 16;
    kind ^ namespace_hash.rotate_left(32) ^ name_hash
}

/// A key in borrowed form, `(kind, namespace, name)`, so that looking an object up
/// needs no allocation. It orders and hashes exactly as [`ObjectKey`] does.
pub trait KeyParts {
    /// The key's kind, namespace and name.
    fn parts(&self) -> (&str, &str, &str);

    /// The key's hash (see [`key_hash`]).
    fn key_hash(&self) -> u64 {
        let (kind, namespace, name) = self.parts();
        key_hash(kind, text_hash(namespace), text_hash(name))
    }
}

impl KeyParts for ObjectKey {
    fn parts(&self) -> (&str, &str, &str) {
        (self.kind, &self.namespace, &self.name)
    }

    // From the hashes its names carry, without reading their text.
    fn key_hash(&self) -> u64 {
        key_hash(self.kind, self.namespace.hash, self.name.hash)
    }
}

/// A key in borrowed form made of [`Name`]s, which hashes from their hashes.
struct NamedParts<'a> {
    kind: &'a str,
    namespace: &'a Name,
    name: &'a Name,
}

impl KeyParts for NamedParts<'_> {
    fn parts(&self) -> (&str, &str, &str) {
        (self.kind, self.namespace, self.name)
    }

    fn key_hash(&self) -> u64 {
        key_hash(self.kind, self.namespace.hash, self.name.hash)
    }
}

impl KeyParts for (&str, &str, &str) {
    fn parts(&self) -> (&str, &str, &str) {
        *self
    }
}

impl<'a> Borrow<dyn KeyParts + 'a> for ObjectKey {
    fn borrow(&self) -> &(dyn KeyParts + 'a) {
        self
    }
}

impl Hash for dyn KeyParts + '_ {
    // Hashes exactly as `ObjectKey` does.
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.key_hash());
    }
}

/// The hash behind [`KeyMap`]: eight bytes at a time, each step a folded 64×64→128
/// multiply (the mixing wyhash and foldhash use), no random seed. Keys are short
/// and hashed very often, where std's SipHash spends more on each call than the
/// lookup saves. Nothing iterates these maps in hash order.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyHasher(u64);

impl KeyHasher {
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

    fn mix(&mut self, word: u64) {
        let product = u128::from(self.0 ^ word) * u128::from(Self::MULTIPLIER);
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        let mut last = *self;
        last.mix(0);
        last.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        // The tail, with the length folded in so that trailing zero bytes still count.
        self.mix(tail_word(chunks.remainder()) ^ ((bytes.len() as u64) << 59));
    }

    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }
}

/// The last 0 to 7 bytes of a hashed text as one word, read in at most two loads that
/// may overlap (as wyhash reads short inputs) rather than copied byte by byte: every
/// byte counts, so two tails of one length give two words.
#[inline]
fn tail_word(tail: &[u8]) -> u64 {
    let n = tail.len();
    if n >= 4 {
        u64::from(half_word_le(tail, 0)) | u64::from(half_word_le(tail, n - 4)) << 32
    } else if n > 0 {
        u64::from(tail[0]) | u64::from(tail[n / 2]) << 8 | u64::from(tail[n - 1]) << 16
    } else {
        0
    }
}

/// A four-byte word of `bytes` from `at`, little-endian.
#[inline]
fn half_word_le(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(word)
}

/// A hash map for lookups by key, hashed with [`KeyHasher`].
pub type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// A hash set for membership by key, hashed with [`KeyHasher`].
pub type KeySet<K> = HashSet<K, BuildHasherDefault<KeyHasher>>;

impl PartialEq for dyn KeyParts + '_ {
    fn eq(&self, other: &Self) -> bool {
        same_parts(self.parts(), other.parts())
    }
}

impl Eq for dyn KeyParts + '_ {}

impl PartialOrd for dyn KeyParts + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn KeyParts + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_parts(self.parts(), other.parts())
    }
}

/// An object as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub object: Object,
    /// When it was created, in simulated time.
    pub created: SimTime,
    /// What `kubectl apply` last sent for it, before defaulting; `None` for objects
    /// that controllers made. Re-applying the same text is then `unchanged`.
    pub applied: Option<Object>,
}

/// One entry of the watch stream: an object was written or removed (or a component
/// outside the store, like a kubelet, changed something about it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: ObjectKey,
    /// The store version the write produced (unchanged for a notification).
    pub version: u64,
    /// For a removal, the UID the object had, so its dependents can be found.
    pub removed_uid: Option<String>,
    /// The slot the object was written to: every controller's event handler reads the
    /// object a change is about, and finds it there without a lookup by key while the
    /// slot still holds it (see [`Store::changed`]).
    slot: Option<usize>,
}

/// All objects of the cluster, the counter behind `resourceVersion`, the journal of
/// changes not yet seen by the controllers, and the lookup indexes.
#[derive(Debug, Clone, Default)]
pub struct Store {
    /// The objects, each in a slot; a removed object's slot is reused.
    slots: Vec<Option<Stored>>,
    /// What each slot's object contributes to the indexes.
    slot_terms: Vec<Terms>,
    /// The key of each slot's object.
    slot_keys: Vec<Option<ObjectKey>>,
    free: Vec<usize>,
    /// Key → slot, for lookups.
    by_key: KeyMap<ObjectKey, usize>,
    /// Key → slot, in listing order.
    order: BTreeMap<ObjectKey, usize>,
    last_resource_version: u64,
    /// For each of [`KINDS`], the store version of the last write to an object of
    /// that kind.
    kind_versions: [u64; KINDS.len()],
    /// One copy of each namespace's name, shared by the keys of all its objects.
    namespaces: KeySet<Name>,
    journal: Vec<Change>,
    index: Indexes,
}

/// Secondary indexes, kept exact on every write. Hash maps answer point lookups
/// only, so their order never shows; everything that is iterated is ordered.
#[derive(Debug, Clone, Default)]
struct Indexes {
    /// Every stored object's UID.
    uids: KeyMap<String, ObjectKey>,
    /// Owner UID → the objects whose ownerReferences name it.
    dependents: KeyMap<String, BTreeSet<ObjectKey>>,
    /// Node name → the pods bound to it.
    pods_on_node: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// Namespace → claim name → the pods that mount it.
    claim_users: KeyMap<Name, KeyMap<String, BTreeSet<ObjectKey>>>,
}

/// Remember `version` as the last write to an object of `kind`.
fn note_kind_write(versions: &mut [u64; KINDS.len()], kind: &str, version: u64) {
    if let Some(index) = kind_index(kind) {
        versions[index] = version;
    }
}

/// Stamp `resourceVersion`, reusing the string the object already has.
fn set_resource_version(
    meta: &mut k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    version: u64,
) {
    use std::fmt::Write;
    let text = meta.resource_version.get_or_insert_with(String::new);
    text.clear();
    let _ = write!(text, "{version}");
}

/// What an object contributes to the indexes (its UID aside, which never changes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Terms {
    owners: Vec<String>,
    node: Option<String>,
    claims: Vec<String>,
}

fn terms(object: &Object) -> Terms {
    let owners = object
        .metadata()
        .owner_references
        .iter()
        .flatten()
        .map(|r| r.uid.clone())
        .collect();
    let (node, claims) = match object {
        Object::Pod(pod) => (
            pod.spec.as_ref().and_then(|s| s.node_name.clone()),
            pod_claims(pod).map(str::to_owned).collect(),
        ),
        _ => (None, Vec::new()),
    };
    Terms {
        owners,
        node,
        claims,
    }
}

/// The claims a pod mounts.
fn pod_claims(pod: &Pod) -> impl Iterator<Item = &str> {
    pod.spec
        .iter()
        .flat_map(|s| s.volumes.iter().flatten())
        .filter_map(|v| v.persistent_volume_claim.as_ref())
        .map(|source| source.claim_name.as_str())
}

/// Put `$member` into the set under `$term` in `$sets` (a hash or ordered map of
/// sets), copying `$term` only when its entry is new: the lookup comes first, so a
/// write under a known term allocates no name.
macro_rules! add_member {
    ($sets:expr, $term:expr, $member:expr) => {
        match $sets.get_mut($term.as_str()) {
            Some(set) => {
                set.insert($member);
            }
            None => {
                $sets.insert($term.clone(), BTreeSet::from([$member]));
            }
        }
    };
}

impl Indexes {
    fn add(&mut self, key: &ObjectKey, terms: &Terms) {
        self.add_owners(key, &terms.owners);
        self.add_node(key, terms.node.as_ref());
        self.add_claims(key, &terms.claims);
    }

    fn remove(&mut self, key: &ObjectKey, terms: &Terms) {
        self.remove_owners(key, &terms.owners);
        self.remove_node(key, terms.node.as_ref());
        self.remove_claims(key, &terms.claims);
    }

    /// Bring `key`'s entries, recorded as `terms`, in line with `object`, touching (and
    /// copying) only what differs: a pod being bound to a node changes its node entry,
    /// not its owners or claims.
    fn update(&mut self, key: &ObjectKey, terms: &mut Terms, object: &Object) {
        let owners = object
            .metadata()
            .owner_references
            .as_deref()
            .unwrap_or_default();
        if !owners
            .iter()
            .map(|r| r.uid.as_str())
            .eq(terms.owners.iter().map(String::as_str))
        {
            self.remove_owners(key, &terms.owners);
            terms.owners = owners.iter().map(|r| r.uid.clone()).collect();
            self.add_owners(key, &terms.owners);
        }
        let pod = match object {
            Object::Pod(pod) => Some(pod.as_ref()),
            _ => None,
        };
        let node = pod
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.node_name.as_ref());
        if node != terms.node.as_ref() {
            self.remove_node(key, terms.node.as_ref());
            terms.node = node.cloned();
            self.add_node(key, terms.node.as_ref());
        }
        let claims = || pod.into_iter().flat_map(pod_claims);
        if !claims().eq(terms.claims.iter().map(String::as_str)) {
            self.remove_claims(key, &terms.claims);
            terms.claims = claims().map(str::to_owned).collect();
            self.add_claims(key, &terms.claims);
        }
    }

    fn add_owners(&mut self, key: &ObjectKey, owners: &[String]) {
        for owner in owners {
            add_member!(self.dependents, owner, key.clone());
        }
    }

    fn add_node(&mut self, key: &ObjectKey, node: Option<&String>) {
        if let Some(node) = node {
            add_member!(self.pods_on_node, node, key.clone());
        }
    }

    fn add_claims(&mut self, key: &ObjectKey, claims: &[String]) {
        if claims.is_empty() {
            return;
        }
        if !self.claim_users.contains_key(key.namespace.as_str()) {
            self.claim_users
                .insert(key.namespace.clone(), KeyMap::default());
        }
        let Some(users) = self.claim_users.get_mut(key.namespace.as_str()) else {
            return;
        };
        for claim in claims {
            add_member!(users, claim, key.clone());
        }
    }

    fn remove_owners(&mut self, key: &ObjectKey, owners: &[String]) {
        for owner in owners {
            if let Some(set) = self.dependents.get_mut(owner) {
                set.remove(key);
                if set.is_empty() {
                    self.dependents.remove(owner);
                }
            }
        }
    }

    fn remove_node(&mut self, key: &ObjectKey, node: Option<&String>) {
        if let Some(node) = node {
            if let Some(set) = self.pods_on_node.get_mut(node) {
                set.remove(key);
                if set.is_empty() {
                    self.pods_on_node.remove(node);
                }
            }
        }
    }

    fn remove_claims(&mut self, key: &ObjectKey, claims: &[String]) {
        if let Some(users) = self.claim_users.get_mut(key.namespace.as_str()) {
            for claim in claims {
                if let Some(set) = users.get_mut(claim) {
                    set.remove(key);
                    if set.is_empty() {
                        users.remove(claim);
                    }
                }
            }
        }
    }
}

impl Store {
    /// The object under `key`, if any.
    pub fn get(&self, key: &ObjectKey) -> Option<&Stored> {
        self.slot(*self.by_key.get(key)?)
    }

    /// The object of kind `kind` named `name` in `namespace`, found without allocating
    /// and without hashing the names again.
    pub fn get_named(&self, kind: &str, namespace: &Name, name: &Name) -> Option<&Stored> {
        let parts: &dyn KeyParts = &NamedParts {
            kind,
            namespace,
            name,
        };
        self.slot(*self.by_key.get(parts)?)
    }

    /// The object of kind `kind` named `name` in `namespace`, found without allocating.
    pub fn get_parts(&self, kind: &str, namespace: &str, name: &str) -> Option<&Stored> {
        self.slot(*self.by_key.get(&(kind, namespace, name) as &dyn KeyParts)?)
    }

    fn slot(&self, slot: usize) -> Option<&Stored> {
        self.slots.get(slot)?.as_ref()
    }

    /// The object `change` is about as it is now, if it exists: in the slot the change
    /// was written to while that slot still holds it, else looked up by key (it may
    /// have been removed, or removed and made again elsewhere).
    pub fn changed(&self, change: &Change) -> Option<&Stored> {
        let same_slot = change.slot.filter(|&slot| {
            self.slot_keys
                .get(slot)
                .and_then(Option::as_ref)
                .is_some_and(|key| key.is_same(&change.key))
        });
        match same_slot {
            Some(slot) => self.slot(slot),
            None => self.get(&change.key),
        }
    }

    /// The `T` that `change` is about as it is now, if it exists (see [`Store::changed`]).
    pub fn changed_as<T: Resource>(&self, change: &Change) -> Option<&T> {
        self.changed(change)
            .and_then(|stored| T::peek(&stored.object))
    }

    /// The `T` stored under `key`, if any.
    pub fn get_typed<T: Resource>(&self, key: &ObjectKey) -> Option<&T> {
        self.get(key).and_then(|stored| T::peek(&stored.object))
    }

    /// The `T` named `name` in `namespace`, if any.
    pub fn get_as<T: Resource>(&self, namespace: &str, name: &str) -> Option<&T> {
        self.get_parts(T::KIND, namespace, name)
            .and_then(|stored| T::peek(&stored.object))
    }

    /// Every object, ordered by kind, namespace, then name.
    pub fn iter(&self) -> impl Iterator<Item = (&ObjectKey, &Stored)> {
        self.order
            .iter()
            .filter_map(|(key, slot)| Some((key, self.slot(*slot)?)))
    }

    /// Every `T` in `namespace` (or in all namespaces for `None`), ordered by namespace and name.
    pub fn list<'a, T: Resource + 'a>(
        &'a self,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = (&'a ObjectKey, &'a T)> + 'a {
        self.range_from(T::KIND, namespace.unwrap_or(""), "")
            .take_while(move |(key, _)| {
                key.kind == T::KIND && namespace.is_none_or(|ns| key.namespace == ns)
            })
            .filter_map(|(key, stored)| T::peek(&stored.object).map(|object| (key, object)))
    }

    /// Every `T` in `namespace` whose name starts with `prefix`, in name order: the
    /// pods of one StatefulSet are `<set>-…`, so they sit side by side in the store.
    pub fn list_prefixed<'a, T: Resource + 'a>(
        &'a self,
        namespace: &'a str,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a ObjectKey, &'a T)> + 'a {
        self.range_from(T::KIND, namespace, prefix)
            .take_while(move |(key, _)| {
                key.kind == T::KIND && key.namespace == namespace && key.name.starts_with(prefix)
            })
            .filter_map(|(key, stored)| T::peek(&stored.object).map(|object| (key, object)))
    }

    fn range_from<'a>(
        &'a self,
        kind: &'a str,
        namespace: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = (&'a ObjectKey, &'a Stored)> + 'a {
        use std::ops::Bound;
        let start: &dyn KeyParts = &(kind, namespace, name);
        // The range borrows `start` only while it is built.
        let keys = self
            .order
            .range::<dyn KeyParts, _>((Bound::Included(start), Bound::Unbounded));
        keys.filter_map(|(key, slot)| Some((key, self.slot(*slot)?)))
    }

    /// A number that grows with every write: equal versions mean an unchanged store.
    pub fn version(&self) -> u64 {
        self.last_resource_version
    }

    /// The store version of the last write (or removal) of an object of `kind`, 0 if
    /// none: equal numbers mean no object of that kind changed in between, so a view
    /// built from a few kinds can skip a change that touched none of them.
    pub fn kind_version(&self, kind: &str) -> u64 {
        kind_index(kind).map_or(0, |index| self.kind_versions[index])
    }

    /// Number of stored objects.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when the store holds nothing.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Whether an object with this UID exists.
    pub fn uid_exists(&self, uid: &str) -> bool {
        self.index.uids.contains_key(uid)
    }

    /// The key of the object with this UID.
    pub fn key_of_uid(&self, uid: &str) -> Option<&ObjectKey> {
        self.index.uids.get(uid)
    }

    /// The objects whose ownerReferences name the UID `owner`, in key order.
    pub fn dependents(&self, owner: &str) -> impl Iterator<Item = &ObjectKey> {
        self.index.dependents.get(owner).into_iter().flatten()
    }

    /// The pods bound to node `node`, in key order.
    pub fn pods_on_node(&self, node: &str) -> impl Iterator<Item = &ObjectKey> {
        self.index.pods_on_node.get(node).into_iter().flatten()
    }

    /// How many pods are bound to node `node`.
    pub fn pod_count_on_node(&self, node: &str) -> usize {
        self.index.pods_on_node.get(node).map_or(0, BTreeSet::len)
    }

    /// The pods in `namespace` that mount the claim `claim`, in name order.
    pub fn claim_users<'a>(
        &'a self,
        namespace: &str,
        claim: &str,
    ) -> impl Iterator<Item = &'a ObjectKey> {
        self.index
            .claim_users
            .get(namespace)
            .and_then(|claims| claims.get(claim))
            .into_iter()
            .flatten()
    }

    /// Whether any pod in `namespace` mounts the claim `claim`.
    pub fn claim_in_use(&self, namespace: &str, claim: &str) -> bool {
        self.claim_users(namespace, claim).next().is_some()
    }

    /// Store `object` under its key, giving it the next `resourceVersion`.
    pub fn put(&mut self, mut object: Object, created: SimTime, applied: Option<Object>) {
        let version = self.bump();
        object.metadata_mut().resource_version = Some(version.to_string());
        let kind = canonical_kind(object.kind());
        let namespace = object.metadata().namespace.as_deref().unwrap_or_default();
        let parts: &dyn KeyParts = &(kind, namespace, object.name());
        // Every copy of a key shares the text of the first.
        let (key, existing) = match self.by_key.get_key_value(parts) {
            Some((key, &slot)) => (key.clone(), Some(slot)),
            None => (
                ObjectKey {
                    kind,
                    namespace: self.shared_namespace(namespace),
                    name: Name::from(object.name()),
                },
                None,
            ),
        };
        let new_terms = terms(&object);
        let uid = object.metadata().uid.clone();
        let stored = Stored {
            object,
            created,
            applied,
        };
        let slot = match existing {
            Some(slot) => {
                if let Some(old) = self.slots[slot].replace(stored) {
                    if let Some(old_uid) = old.object.metadata().uid.as_ref() {
                        if uid.as_ref() != Some(old_uid) {
                            self.index.uids.remove(old_uid);
                        }
                    }
                }
                let old_terms = std::mem::take(&mut self.slot_terms[slot]);
                self.index.remove(&key, &old_terms);
                slot
            }
            None => {
                let slot = match self.free.pop() {
                    Some(slot) => {
                        self.slots[slot] = Some(stored);
                        self.slot_keys[slot] = Some(key.clone());
                        slot
                    }
                    None => {
                        self.slots.push(Some(stored));
                        self.slot_terms.push(Terms::default());
                        self.slot_keys.push(Some(key.clone()));
                        self.slots.len() - 1
                    }
                };
                self.by_key.insert(key.clone(), slot);
                self.order.insert(key.clone(), slot);
                slot
            }
        };
        self.index.add(&key, &new_terms);
        self.slot_terms[slot] = new_terms;
        note_kind_write(&mut self.kind_versions, key.kind, version);
        if let Some(uid) = uid {
            self.index.uids.insert(uid, key.clone());
        }
        self.journal.push(Change {
            key,
            version,
            removed_uid: None,
            slot: Some(slot),
        });
    }

    /// Change the `T` under `key` in place; a change that leaves it equal is no write.
    /// Returns whether the object changed.
    pub fn update<T: Resource + PartialEq>(
        &mut self,
        key: &ObjectKey,
        change: impl FnOnce(&mut T),
    ) -> bool {
        let Some(before) = self
            .get(key)
            .and_then(|stored| T::peek(&stored.object))
            .cloned()
        else {
            return false;
        };
        let mut changed = false;
        self.write::<T>(key, |object| {
            change(object);
            changed = *object != before;
            changed
        });
        changed
    }

    /// Change the `T` under `key` in place when the caller knows whether it changed:
    /// `change` returns `true` when it did, and only then is it a write. Controllers
    /// use this on their hot paths, where comparing whole objects would cost more than
    /// the change itself. Returns whether the object was written.
    pub fn write<T: Resource>(
        &mut self,
        key: &ObjectKey,
        change: impl FnOnce(&mut T) -> bool,
    ) -> bool {
        let version = self.last_resource_version + 1;
        let Some((key, &slot)) = self.by_key.get_key_value(key) else {
            return false;
        };
        let Some(stored) = self.slots[slot].as_mut() else {
            return false;
        };
        let Some(object) = T::peek_mut(&mut stored.object) else {
            return false;
        };
        if !change(object) {
            return false;
        }
        set_resource_version(stored.object.metadata_mut(), version);
        self.last_resource_version = version;
        note_kind_write(&mut self.kind_versions, key.kind, version);
        self.index
            .update(key, &mut self.slot_terms[slot], &stored.object);
        self.journal.push(Change {
            key: key.clone(),
            version,
            removed_uid: None,
            slot: Some(slot),
        });
        true
    }

    /// Change any object under `key` in place, as [`Store::update`] does for a typed one.
    pub fn update_object(&mut self, key: &ObjectKey, change: impl FnOnce(&mut Object)) -> bool {
        let version = self.last_resource_version + 1;
        let Some((key, &slot)) = self.by_key.get_key_value(key) else {
            return false;
        };
        let Some(stored) = self.slots[slot].as_mut() else {
            return false;
        };
        let before = stored.object.clone();
        change(&mut stored.object);
        if stored.object == before {
            return false;
        }
        set_resource_version(stored.object.metadata_mut(), version);
        self.last_resource_version = version;
        note_kind_write(&mut self.kind_versions, key.kind, version);
        self.index
            .update(key, &mut self.slot_terms[slot], &stored.object);
        self.journal.push(Change {
            key: key.clone(),
            version,
            removed_uid: None,
            slot: Some(slot),
        });
        true
    }

    /// Remove and return the object under `key`.
    pub fn remove(&mut self, key: &ObjectKey) -> Option<Stored> {
        let (key, slot) = self.by_key.remove_entry(key)?;
        self.order.remove(&key);
        let removed = self.slots[slot].take()?;
        self.slot_keys[slot] = None;
        self.free.push(slot);
        let version = self.bump();
        note_kind_write(&mut self.kind_versions, key.kind, version);
        let old_terms = std::mem::take(&mut self.slot_terms[slot]);
        self.index.remove(&key, &old_terms);
        let uid = removed.object.metadata().uid.clone();
        if let Some(uid) = uid.as_ref() {
            self.index.uids.remove(uid);
        }
        self.journal.push(Change {
            key,
            version,
            removed_uid: uid,
            slot: None,
        });
        Some(removed)
    }

    /// Tell the controllers that something about `key` changed outside the store (a
    /// kubelet's memory, a node's health), as if it had been written.
    pub(crate) fn notify(&mut self, key: ObjectKey) {
        self.journal.push(Change {
            key,
            version: self.last_resource_version,
            removed_uid: None,
            slot: None,
        });
    }

    /// Whether changes are waiting to be seen by the controllers.
    pub(crate) fn has_changes(&self) -> bool {
        !self.journal.is_empty()
    }

    /// Swap the changes not yet seen, oldest first, into `changes` (an emptied buffer),
    /// which the journal keeps in their place: neither grows from nothing again.
    pub(crate) fn swap_changes(&mut self, changes: &mut Vec<Change>) {
        debug_assert!(changes.is_empty());
        std::mem::swap(&mut self.journal, changes);
    }

    /// The store's one copy of `namespace`'s name.
    fn shared_namespace(&mut self, namespace: &str) -> Name {
        if let Some(shared) = self.namespaces.get(namespace) {
            return shared.clone();
        }
        let shared = Name::from(namespace);
        self.namespaces.insert(shared.clone());
        shared
    }

    fn bump(&mut self) -> u64 {
        self.last_resource_version += 1;
        self.last_resource_version
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{PersistentVolumeClaimVolumeSource, PodSpec, Volume};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};

    fn pod(name: &str, uid: &str, owner: Option<&str>, node: Option<&str>, claim: &str) -> Object {
        Pod {
            metadata: ObjectMeta {
                name: Some(name.to_owned()),
                namespace: Some("default".to_owned()),
                uid: Some(uid.to_owned()),
                owner_references: owner.map(|o| {
                    vec![OwnerReference {
                        uid: o.to_owned(),
                        ..Default::default()
                    }]
                }),
                ..Default::default()
            },
            spec: Some(PodSpec {
                node_name: node.map(str::to_owned),
                volumes: Some(vec![Volume {
                    name: "www".to_owned(),
                    persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                        claim_name: claim.to_owned(),
                        read_only: None,
                    }),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
            status: None,
        }
        .into_object()
    }

    #[test]
    fn distinct_keys_hash_apart() {
        use std::hash::BuildHasher;
        let build = BuildHasherDefault::<KeyHasher>::default();
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..20_000 {
            for kind in ["Pod", "PersistentVolumeClaim"] {
                let name = format!("www-giropops-{i}");
                let key: &dyn KeyParts = &(kind, "default", name.as_str());
                assert!(seen.insert(build.hash_one(key)), "{kind} {i} collides");
            }
        }
        // Trailing zero bytes still make a difference.
        assert_ne!(
            build.hash_one(b"a".as_slice()),
            build.hash_one(b"a\0".as_slice())
        );
        // Every byte of a short text counts, wherever it is.
        let mut texts = vec![Vec::new()];
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..7 {
            let longer: Vec<Vec<u8>> = texts
                .iter()
                .flat_map(|text: &Vec<u8>| {
                    b"ab\0"
                        .iter()
                        .map(move |b| [text.as_slice(), &[*b]].concat())
                })
                .collect();
            for text in &longer {
                assert!(
                    seen.insert(build.hash_one(text.as_slice())),
                    "{text:?} collides"
                );
            }
            texts = longer;
        }
    }

    #[test]
    fn keys_order_as_their_strings_do() {
        let names = [
            "",
            "a",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "abcdefgi",
            "giropops-10",
            "giropops-9",
            "giropops-100",
            "giropops-1000",
            "giropops-1001",
            "www-giropops-10",
            "www-giropops-9",
            "www-giropops-999",
            "abcdefgh\u{0}",
            "abcdefghabcdefgh",
            "abcdefghabcdefgi",
            "abcdefghabcdefg",
            "abc",
            "abd",
            "Z",
            "é",
        ];
        for a in names {
            for b in names {
                let (ka, kb) = (
                    ObjectKey::new::<Pod>("default", a),
                    ObjectKey::new::<Pod>("default", b),
                );
                assert_eq!(ka.cmp(&kb), a.cmp(b));
                assert_eq!(ka == kb, a == b);
            }
        }
        let pod = ObjectKey::new::<Pod>("default", "x");
        let claim =
            ObjectKey::new::<k8s_openapi::api::core::v1::PersistentVolumeClaim>("default", "x");
        assert_eq!(pod.cmp(&claim), "Pod".cmp("PersistentVolumeClaim"));
    }

    #[test]
    fn a_kinds_version_moves_with_every_write_to_that_kind_only() {
        let mut store = Store::default();
        assert_eq!(store.kind_version("Pod"), 0);
        store.put(
            pod("web-0", "u0", None, None, "www-web-0"),
            SimTime::ZERO,
            None,
        );
        let created = store.kind_version("Pod");
        assert_eq!(created, store.version());
        assert_eq!(store.kind_version("PersistentVolume"), 0);

        let key = ObjectKey::new::<Pod>("default", "web-0");
        assert!(
            !store.update::<Pod>(&key, |_| {}),
            "an unchanged object is no write"
        );
        assert_eq!(store.kind_version("Pod"), created);
        assert!(store.update::<Pod>(&key, |p| p.metadata.labels =
            Some([("app".to_owned(), "web".to_owned())].into())));
        let updated = store.kind_version("Pod");
        assert!(updated > created);
        assert!(store.update_object(&key, |o| o.metadata_mut().annotations =
            Some(Default::default())));
        assert!(store.kind_version("Pod") > updated);
        let before_removal = store.kind_version("Pod");
        store.remove(&key);
        assert!(store.kind_version("Pod") > before_removal);
        assert_eq!(store.kind_version("Pod"), store.version());
        assert_eq!(store.kind_version("PersistentVolume"), 0);
    }

    #[test]
    fn borrowed_lookups_find_what_owned_keys_find() {
        let mut store = Store::default();
        store.put(
            pod("web-0", "u0", None, None, "www-web-0"),
            SimTime::ZERO,
            None,
        );
        store.put(
            pod("web-1", "u1", None, None, "www-web-1"),
            SimTime::ZERO,
            None,
        );
        store.put(pod("webby-0", "u2", None, None, "x"), SimTime::ZERO, None);
        assert!(store.get_as::<Pod>("default", "web-1").is_some());
        assert!(store.get_as::<Pod>("other", "web-1").is_none());
        let prefixed: Vec<_> = store
            .list_prefixed::<Pod>("default", "web-")
            .map(|(k, _)| k.name.as_str())
            .collect();
        assert_eq!(prefixed, ["web-0", "web-1"]);
    }

    #[test]
    fn indexes_follow_every_write() {
        let mut store = Store::default();
        store.put(
            pod("web-0", "u0", Some("set"), None, "www-web-0"),
            SimTime::ZERO,
            None,
        );
        let key = ObjectKey::new::<Pod>("default", "web-0");
        assert_eq!(store.dependents("set").count(), 1);
        assert!(store.claim_in_use("default", "www-web-0"));
        assert_eq!(store.pod_count_on_node("node-1"), 0);

        store.write::<Pod>(&key, |p| {
            p.spec.as_mut().unwrap().node_name = Some("node-1".to_owned());
            p.metadata.owner_references = None;
            true
        });
        assert_eq!(store.pod_count_on_node("node-1"), 1);
        assert_eq!(store.dependents("set").count(), 0);

        store.remove(&key);
        assert_eq!(store.pod_count_on_node("node-1"), 0);
        assert!(!store.claim_in_use("default", "www-web-0"));
        assert!(!store.uid_exists("u0"));
        let mut changes = Vec::new();
        store.swap_changes(&mut changes);
        assert_eq!(changes.len(), 3);
        assert_eq!(changes[2].removed_uid.as_deref(), Some("u0"));
    }

    #[test]
    fn an_update_that_changes_nothing_is_no_write() {
        let mut store = Store::default();
        store.put(pod("web-0", "u0", None, None, "c"), SimTime::ZERO, None);
        let version = store.version();
        let key = ObjectKey::new::<Pod>("default", "web-0");
        assert!(!store.update::<Pod>(&key, |p| p.metadata.uid = Some("u0".to_owned())));
        assert_eq!(store.version(), version);
    }
}

//! Property test of the whole pipeline (parse -> IR -> emit) over mutated real documents: the
//! focused specs and the Drata spec, with up to eight random edits each (a node removed, replaced by
//! another node of the same document, or by an odd scalar). Whatever the input, the generator must
//! not panic or hang (each case has [`CASE_LIMIT`] to finish), and every document it accepts must
//! emit files that parse as Rust.
//!
//! CI runs 64 cases in all, each on one of the documents drawn at random; for a long run:
//! `PROPTEST_CASES=20000 cargo test --release -p drata-tests --test fuzz`.

use proptest::prelude::*;
use serde_json::Value;
use std::time::Duration;

/// How long one case may take, parse to emit, before it counts as a hang. A case takes milliseconds;
/// this leaves room for a debug build on a loaded 2-core machine.
const CASE_LIMIT: Duration = Duration::from_secs(60);

/// What became of one mutated document: refused with an error, emitted, or accepted but not emitted.
enum Outcome {
    Refused,
    Emitted(Vec<drata_codegen::File>),
    EmitFailed(String),
}

/// Runs the pipeline on its own thread, so a hang is reported as one instead of stalling the test.
fn generate(text: String, name: String) -> Result<Outcome, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let outcome = match drata_codegen::lower_text(&text, &name) {
            Err(_) => Outcome::Refused,
            Ok(lowered) => match drata_codegen::emit(&lowered.api, &name, "fuzzed") {
                Ok(files) => Outcome::Emitted(files),
                Err(e) => Outcome::EmitFailed(e.to_string()),
            },
        };
        let _ = tx.send(outcome);
    });
    rx.recv_timeout(CASE_LIMIT).map_err(|e| match e {
        std::sync::mpsc::RecvTimeoutError::Timeout => format!("no result within {CASE_LIMIT:?}"),
        std::sync::mpsc::RecvTimeoutError::Disconnected => "the generator panicked".to_owned(),
    })
}

/// The base documents, read and parsed once for all cases.
fn documents() -> &'static [(String, Value)] {
    static DOCS: std::sync::OnceLock<Vec<(String, Value)>> = std::sync::OnceLock::new();
    DOCS.get_or_init(read_documents)
}

fn read_documents() -> Vec<(String, Value)> {
    let root = drata_tests::root();
    let mut paths: Vec<_> = std::fs::read_dir(root.join("tests/specs")).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.push(root.join("spec/drata.yaml"));
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let value: Value = serde_yaml::from_str(&text).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), value)
        })
        .collect()
}

/// Every node of `v`, as JSON pointers, in document order.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                pointers(c, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                pointers(c, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn mutate(doc: &mut Value, picks: &[(usize, usize, u8)]) {
    for &(target, source, op) in picks {
        let mut all = Vec::new();
        pointers(doc, String::new(), &mut all);
        let (Some(t), Some(s)) = (all.get(target % all.len()).cloned(), all.get(source % all.len()).cloned()) else {
            continue;
        };
        if t.is_empty() {
            continue;
        }
        let replacement = match op % 6 {
            0 => None,
            1 => doc.pointer(&s).cloned(),
            2 => Some(Value::Null),
            3 => Some(Value::String("#/components/schemas/Nowhere".into())),
            4 => Some(serde_json::json!({ "$ref": s.replace("/components", "#/components") })),
            _ => Some(serde_json::json!(-1)),
        };
        let (parent, key) = t.rsplit_once('/').unwrap_or(("", &t));
        let key = key.replace("~1", "/").replace("~0", "~");
        match (doc.pointer_mut(parent), replacement) {
            (Some(Value::Object(m)), None) => {
                m.remove(&key);
            }
            (Some(Value::Object(m)), Some(r)) => {
                m.insert(key, r);
            }
            (Some(Value::Array(a)), r) => {
                if let Ok(i) = key.parse::<usize>() {
                    if i < a.len() {
                        match r {
                            None => {
                                a.remove(i);
                            }
                            Some(r) => a[i] = r,
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_documents_never_crash_the_generator(
        doc in 0usize..64,
        picks in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 1..8),
    ) {
        let docs = documents();
        let (name, base) = &docs[doc % docs.len()];
        let mut value = base.clone();
        mutate(&mut value, &picks);
        let text = value.to_string();
        // An error is a fine outcome; a panic or a hang fails the test (proptest reports the input),
        // and so does a document that is accepted but cannot be emitted.
        match generate(text, name.clone()) {
            Err(failure) => prop_assert!(false, "{name}: {failure}"),
            Ok(Outcome::Refused) => {}
            Ok(Outcome::EmitFailed(e)) => prop_assert!(false, "{name}: accepted, but emitting failed: {e}"),
            Ok(Outcome::Emitted(files)) => {
                prop_assert!(!files.is_empty(), "{name}: accepted, but no files");
                for f in files {
                    prop_assert!(syn::parse_file(&f.contents).is_ok(), "{name}: {} does not parse", f.path);
                }
            }
        }
    }
}

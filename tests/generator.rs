//! Snapshots of the generator: the IR and the emitted Rust for one small spec per feature, and the IR
//! for the Drata spec (its emitted Rust is `generated/`, guarded byte for byte by `freshness.rs`).
//! Review a change with `cargo insta review` (or `INSTA_UPDATE=always cargo test` and `git diff`).

use drata_codegen::Config;

fn render(spec: &str) -> drata_codegen::Rendered {
    let path = drata_tests::root().join("tests/specs").join(spec);
    Config::new().spec(path).render().unwrap_or_else(|e| panic!("{e}"))
}

/// All files of one generation, each under a banner naming it.
fn rust(rendered: &drata_codegen::Rendered) -> String {
    rendered.files.iter().map(|f| format!("==> {} <==\n{}\n", f.path, f.contents)).collect()
}

macro_rules! focused {
    ($name:ident) => {
        #[test]
        fn $name() {
            let rendered = render(concat!(stringify!($name), ".yaml"));
            assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
            insta::assert_debug_snapshot!(concat!(stringify!($name), "_ir"), rendered.api);
            insta::assert_snapshot!(concat!(stringify!($name), "_rust"), rust(&rendered));
        }
    };
}

focused!(recursion);
focused!(nullable_required);
focused!(enums);
focused!(query_arrays);
focused!(multipart);
focused!(keywords);
focused!(polymorphism);
focused!(extras);
focused!(refs);
focused!(security);
focused!(response_presence);
focused!(nullable_components);

#[test]
fn drata_ir() {
    let rendered = Config::new().spec(drata_tests::root().join("spec/drata.yaml")).render().unwrap();
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
    insta::assert_debug_snapshot!("drata_ir", rendered.api);
}

/// The properties the snapshots show, asserted directly so a bad snapshot cannot be accepted blindly.
#[test]
fn focused_features_hold() {
    use drata_codegen::ir::{Type, TypeDef};
    let find = |api: &drata_codegen::ir::Api, name: &str| api.types.iter().find(|t| t.name() == name).cloned();
    let api = render("recursion.yaml").api;
    let Some(TypeDef::Struct(node)) = find(&api, "Node") else { panic!("Node") };
    let field = |n: &str| node.fields.iter().find(|f| f.name == n).unwrap().clone();
    assert!(field("parent").boxed, "direct self-reference is boxed");
    assert!(!field("children").boxed, "a Vec already breaks the cycle");
    let Some(TypeDef::Struct(person)) = find(&api, "Person") else { panic!("Person") };
    assert!(person.fields[0].boxed, "mutual recursion is boxed");
    assert_eq!(person.fields[0].ty, Type::Nullable(Box::new(Type::Named("Employee".into()))));

    let api = render("enums.yaml").api;
    let Some(TypeDef::Enum(status)) = find(&api, "Status") else { panic!("Status") };
    let wires: Vec<_> = status.variants.iter().map(|v| (v.name.as_str(), v.wire.as_str())).collect();
    assert_eq!(
        wires,
        [
            ("Active", "ACTIVE"),
            ("Active2", "active"),
            ("InProgress", "in-progress"),
            ("V2faRequired", "2FA_REQUIRED"),
            ("Empty", ""),
            ("Unknown", "Unknown"),
            ("SelfValue", "self")
        ]
    );
    assert_eq!(status.catch_all, "Unknown2");

    let api = render("keywords.yaml").api;
    assert_eq!(api.operations[0].method_name, "get_type_by_self");
    let names: Vec<_> = api.types.iter().map(|t| t.name()).collect();
    assert!(names.contains(&"ResultType") && names.contains(&"ClientType") && names.contains(&"Match"), "{names:?}");
}

/// Every public item and field of the Drata SDK carries rustdoc, and none of it is a placeholder
/// made from the name alone: the spec documents every field (description, or the referenced
/// schema's description, or an example).
#[test]
fn the_drata_sdk_documents_every_public_field() {
    let has_doc = |attrs: &[syn::Attribute]| attrs.iter().any(|a| a.path().is_ident("doc"));
    let text = std::fs::read_to_string(drata_tests::root().join("generated/types.rs")).unwrap();
    let file = syn::parse_file(&text).unwrap();
    let mut fields = 0;
    for item in &file.items {
        if let syn::Item::Struct(s) = item {
            assert!(has_doc(&s.attrs), "struct {} has no docs", s.ident);
            for field in &s.fields {
                let name = field.ident.as_ref().map(ToString::to_string).unwrap_or_default();
                assert!(has_doc(&field.attrs), "{}.{name} has no docs", s.ident);
                fields += 1;
            }
        }
    }
    assert!(fields > 150, "{fields}");
    // The docs say something the field's name does not.
    assert!(!text.contains("/// `id`."), "a placeholder doc");
}

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
focused!(shared_shapes);
focused!(tags);
focused!(styles);
focused!(per_operation_security);
focused!(required_sets);

/// OpenAPI 3.1, translated to 3.0 at parse time: snapshots as for the specs above, exactly the
/// warnings the translation owes (what 3.0 cannot say), and the types it must give.
#[test]
fn openapi31() {
    use drata_codegen::ir::{Type, TypeDef};
    let rendered = render("openapi31.yaml");
    let pointers: Vec<&str> = rendered.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/components/schemas/Pet/properties/legacy/type",
            "/components/schemas/Pet/properties/position/items",
            "/components/schemas/Pet/properties/position/prefixItems",
            "/webhooks/petAdopted",
        ],
        "{:#?}",
        rendered.warnings
    );
    insta::assert_debug_snapshot!("openapi31_ir", rendered.api);
    insta::assert_snapshot!("openapi31_rust", rust(&rendered));

    let api = &rendered.api;
    // No type for a `$ref` with siblings, nor for `anyOf: [X, null]`.
    let names: Vec<&str> = api.types.iter().map(|t| t.name()).collect();
    assert_eq!(
        names,
        [
            "Adopted",
            "AdoptedKind",
            "Event",
            "HttpValidationError",
            "Kind",
            "MaybeOwner",
            "NewPet",
            "Nickname",
            "Owner",
            "Pet",
            "PetAge",
            "PetStatus",
            "Returned",
            "ReturnedKind",
            "ReturnedOperation",
            "UploadPhotoRequest",
            "UploadPhotoRequestPosition",
            "ValidationError",
            "ValidationErrorLocItem"
        ]
    );
    let find = |name: &str| api.types.iter().find(|t| t.name() == name).unwrap_or_else(|| panic!("{name}"));
    // A nullable component aliases the value; references to it are the `Option`.
    let TypeDef::Alias { ty, .. } = find("MaybeOwner") else { panic!("MaybeOwner") };
    assert_eq!(ty, &Type::Named("Owner".into()));
    let TypeDef::Struct(adopted) = find("Adopted") else { panic!("Adopted") };
    assert_eq!(adopted.fields[1].ty, Type::Nullable(Box::new(Type::Named("MaybeOwner".into()))));
    // `allOf: [{description}, {type: string, format: date}]` is the date.
    assert_eq!(adopted.fields[2].ty, Type::Date);
    // A member with a description beside its `$ref` keeps its discriminator tag.
    let TypeDef::Union(event) = find("Event") else { panic!("Event") };
    assert_eq!(event.discriminator.as_deref(), Some("kind"));
    assert_eq!(event.variants[0].tags, ["adopted"]);
    // `oneOf` of constants (and null): one nullable enum.
    let TypeDef::Enum(operation) = find("ReturnedOperation") else { panic!("ReturnedOperation") };
    assert_eq!(operation.variants.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>(), ["return", "exchange"]);
    let Some(TypeDef::Struct(pet)) = api.types.iter().find(|t| t.name() == "Pet") else { panic!("Pet") };
    let field = |wire: &str| pet.fields.iter().find(|f| f.wire == wire).unwrap_or_else(|| panic!("{wire}"));
    let named = |n: &str| Type::Named(n.into());
    let nullable = |t: Type| Type::Nullable(Box::new(t));
    assert_eq!(field("owner").ty, nullable(named("Owner")));
    assert_eq!(field("owner").doc.as_deref(), Some("The owner, if any."));
    assert_eq!(field("kind").ty, named("Kind"));
    assert_eq!(field("kind").doc.as_deref(), Some("What the pet is (a description beside a reference)."));
    assert!(field("previousOwner").deprecated);
    assert_eq!(field("tag").ty, nullable(Type::String));
    assert_eq!(field("photo").ty, nullable(Type::Base64));
    assert_eq!(field("status").ty, named("PetStatus"));
    assert_eq!(field("age").ty, named("PetAge"));
    assert_eq!(field("name").about.example, Some(serde_json::json!("Rex")));
    assert_eq!(field("weight").about.constraints.minimum, Some(serde_json::Number::from_f64(0.0).unwrap()));
    assert_eq!(field("nickname").ty, named("Nickname"));
    let Some(TypeDef::Struct(upload)) = api.types.iter().find(|t| t.name() == "UploadPhotoRequest") else {
        panic!("UploadPhotoRequest")
    };
    assert_eq!(upload.fields[0].ty, Type::Binary);
    // 3.1 styles a multipart part that states a style; 3.0 ignores `style` there.
    let styled = |api: &drata_codegen::ir::Api, operation: &str| -> Vec<(String, bool)> {
        let op = api.operations.iter().find(|o| o.method_name == operation).unwrap();
        op.body.as_ref().unwrap().encoding.iter().map(|e| (e.property.clone(), e.styled)).collect()
    };
    assert_eq!(styled(api, "upload_photo"), [("tags".to_owned(), true), ("position".to_owned(), true)]);
    let labels = styled(&render("multipart.yaml").api, "upload_file");
    assert!(labels.contains(&("labels".to_owned(), false)), "{labels:?}");
    let methods: Vec<&str> = api.operations.iter().map(|o| o.method_name.as_str()).collect();
    assert_eq!(methods, ["list_pets", "create_pet", "get_pet", "list_events", "upload_photo"]);
    assert_eq!(api.error_type.as_deref(), Some("HttpValidationError"));
    assert_eq!(api.description.as_deref(), Some("A pet store written in OpenAPI 3.1."));
}

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
    let api = render("extras.yaml").api;
    let Some(TypeDef::Struct(config)) = find(&api, "Config") else { panic!("Config") };
    let enabled = config.fields.iter().find(|f| f.wire == "enabled").unwrap();
    assert_eq!(enabled.ty, Type::Bool, "an enum of booleans without a type is a boolean");
    // An `allOf` merges its members' properties and keeps their `additionalProperties`.
    let Some(TypeDef::Struct(labelled)) = find(&api, "LabelledSetting") else { panic!("LabelledSetting") };
    let wires: Vec<&str> = labelled.fields.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(wires, ["value", "label"]);
    assert_eq!(labelled.extra, Some(("additional_properties".to_owned(), Type::String)));
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

/// Identical inline types share one definition, and an edit of one copy changes that copy's lines
/// only: every place keeps its own name (an alias when it does not hold the definition), fields name
/// their own copies, and a shape of many copies is defined under a name made of its content, which
/// no edit of a copy moves. The worst case of the previous rule (naming the definition after the
/// copy that sorts first) is editing that copy: every other copy and every field using one moved.
#[test]
fn identical_inline_types_share_one_definition_under_stable_names() {
    use drata_codegen::ir::{Type, TypeDef};
    let text = std::fs::read_to_string(drata_tests::root().join("tests/specs/shared_shapes.yaml")).unwrap();
    let lower = |text: &str| drata_codegen::lower_text(text, "shared_shapes.yaml").unwrap().api;
    let kinds = |api: &drata_codegen::ir::Api| -> Vec<(String, String)> {
        api.types
            .iter()
            .map(|t| {
                let kind = match t {
                    TypeDef::Alias { ty: Type::Named(to), .. } => format!("= {to}"),
                    TypeDef::Alias { .. } => "alias".into(),
                    TypeDef::Enum(_) => "enum".into(),
                    TypeDef::Struct(_) => "struct".into(),
                    TypeDef::Union(_) => "union".into(),
                };
                (t.name().to_owned(), kind)
            })
            .collect()
    };
    let types_rs = |text: &str| {
        let path = std::env::temp_dir().join(format!("shared-shapes-{}.yaml", std::process::id()));
        std::fs::write(&path, text).unwrap();
        let rendered = Config::new().spec(&path).render().unwrap();
        rendered.files.into_iter().find(|f| f.path == "types.rs").unwrap().contents
    };
    // Lines one types.rs has and the other has not, in order (a line diff's `-` and `+` lines).
    let changed = |a: &str, b: &str| {
        let diff = similar::TextDiff::from_lines(a, b);
        diff.iter_all_changes().filter(|c| c.tag() != similar::ChangeTag::Equal).count()
    };
    let base = kinds(&lower(&text));
    let has = |list: &[(String, String)], name: &str, kind: &str| list.iter().any(|(n, k)| n == name && k == kind);
    // `[read, write]` has eleven copies: defined by its content, every copy an alias of it.
    let shared = base.iter().find(|(n, _)| n.starts_with("ReadWrite") && !n.contains("Admin")).unwrap().0.clone();
    for copy in ["GetAppLevel", "GetAppScope", "GetAppResponsePermissionsIssues", "InstallationPermissionsIssues"] {
        assert!(has(&base, copy, &format!("= {shared}")), "{copy}: {base:?}");
    }
    // A shape of two copies is defined under the shorter name.
    assert!(has(&base, "InstallationPermissions", "struct"), "{base:?}");
    assert!(has(&base, "GetAppResponsePermissions", "= InstallationPermissions"), "{base:?}");
    assert!(has(&base, "Level", "enum"), "a component keeps its own definition: {base:?}");
    // Fields name their own copies.
    let api = lower(&text);
    let Some(TypeDef::Struct(installation)) = api.types.iter().find(|t| t.name() == "Installation") else {
        panic!("Installation")
    };
    assert_eq!(installation.fields[0].ty, Type::Named("InstallationPermissions".into()));

    // An unrelated addition changes none of the names.
    let unrelated = text.replace(
        "components:\n  schemas:\n",
        "components:\n  schemas:\n    Color: {type: string, enum: [red, blue]}\n",
    );
    let after = kinds(&lower(&unrelated));
    assert_eq!(after.iter().filter(|(n, _)| n != "Color").cloned().collect::<Vec<_>>(), base);

    // A new copy that sorts first joins the shape: nothing else moves.
    let earlier = text.replace(
        "components:\n  schemas:\n",
        "components:\n  schemas:\n    Aaa: {type: object, properties: {mode: {type: string, enum: [read, write]}}}\n",
    );
    let after = kinds(&lower(&earlier));
    assert!(has(&after, "AaaMode", &format!("= {shared}")), "{after:?}");
    assert_eq!(after.iter().filter(|(n, _)| !n.starts_with("Aaa")).cloned().collect::<Vec<_>>(), base);

    // A new copy of a shape of two, longer-named as a more specific place mostly is, joins the
    // shape and leaves its definition where it was, though its name sorts first.
    let specific = text.replace(
        "components:\n  schemas:\n",
        "components:\n  schemas:\n    AppInstallation:\n      type: object\n      properties:\n        \
         permissions: {type: object, properties: {issues: {type: string, enum: [read, write]}, \
         contents: {type: string, enum: [read, write]}, pages: {type: string, enum: [read, write, admin]}}}\n",
    );
    let after = kinds(&lower(&specific));
    assert!(has(&after, "AppInstallationPermissions", "= InstallationPermissions"), "{after:?}");
    assert_eq!(after.iter().filter(|(n, _)| !n.starts_with("AppInstallation")).cloned().collect::<Vec<_>>(), base);

    // The worst case before: a value added to the copy whose name sorts first (the query
    // parameter's `GetAppLevel`). Only that copy changes; the shape's ten other copies, the fields
    // using them and the definition stay as they were.
    let edited = text.replacen("enum: [read, write]}}", "enum: [read, write, none]}}", 1);
    assert_ne!(edited, text);
    let after = kinds(&lower(&edited));
    assert!(has(&after, "GetAppLevel", "enum"), "{after:?}");
    assert_eq!(
        after.iter().filter(|(n, _)| n != "GetAppLevel").collect::<Vec<_>>(),
        base.iter().filter(|(n, _)| n != "GetAppLevel").collect::<Vec<_>>()
    );
    let lines = changed(&types_rs(&text), &types_rs(&edited));
    // The alias (2 lines) becomes an enum of three values (its docs, derives, variants, impls).
    assert!(lines <= 30, "{lines} lines changed");
}

/// Variant names are part of what a copy of a shared shape shares: when the definition moves to
/// another copy (its holder removed here), no copy's variants are renamed. An inline member of a
/// union is `Variant1`, not the name of the copy that held the definition; and copies of an enum
/// whose names shorten its values differently (`ThingKind`: `Read`; `ThingMode`: `KindRead`) are
/// not merged, since one of them would show the other's names.
#[test]
fn shared_shapes_keep_their_variant_names_when_the_definition_moves() {
    use drata_codegen::ir::TypeDef;
    let text = &std::fs::read_to_string(drata_tests::root().join("tests/fixtures/shared_variants.yaml")).unwrap();
    // The Rust variant names a type shows, through the alias it may be.
    let variants = |text: &str, name: &str| -> Vec<String> {
        let api = drata_codegen::lower_text(text, "variants.yaml").unwrap().api;
        let graph = api.graph();
        match graph.alias_chain(name).last().and_then(|end| graph.get(end)) {
            Some(TypeDef::Enum(e)) => e.variants.iter().map(|v| v.name.clone()).collect(),
            Some(TypeDef::Union(u)) => u.variants.iter().map(|v| v.name.clone()).collect(),
            other => panic!("{name}: {other:?}"),
        }
    };
    assert_eq!(variants(text, "ThingValue"), ["Variant1", "Variant2"]);
    assert_eq!(variants(text, "GetThingsResponseValue"), ["Variant1", "Variant2"]);
    assert_eq!(variants(text, "ThingKind"), ["Read", "Write"]);
    assert_eq!(variants(text, "GetThingsResponseMode"), ["KindRead", "KindWrite"]);
    // `Thing`, which held the union's definition (the shorter name), goes.
    let without = text.split("components:").next().unwrap();
    assert_eq!(variants(without, "GetThingsResponseValue"), ["Variant1", "Variant2"]);
    assert_eq!(variants(without, "GetThingsResponseMode"), ["KindRead", "KindWrite"]);
}

/// One cargo feature per tag: operations and the types only they use are gated by their tags'
/// features, shared types by any of them, and the Drata crate's manifest offers the same features,
/// all on by default.
#[test]
fn each_tag_is_a_feature() {
    let rendered = render("tags.yaml");
    assert_eq!(drata_codegen::features(&rendered.api), ["default-tag", "other-schemas", "pets", "stores"]);
    let types = &rendered.files.iter().find(|f| f.path == "types.rs").unwrap().contents;
    // The attribute right after an item's docs: `None` when the item is always compiled.
    let gate = |item: &str| {
        let at = types.find(item).unwrap_or_else(|| panic!("no `{item}`"));
        let before = &types[..at];
        let line = before.lines().rev().find(|l| !l.starts_with("#[derive") && !l.starts_with("#[non_exhaustive"));
        line.filter(|l| l.starts_with("#[cfg")).map(str::to_owned)
    };
    assert_eq!(
        gate("pub struct Pet {").as_deref(),
        Some(r#"#[cfg(any(feature = "other-schemas", feature = "pets"))]"#)
    );
    assert_eq!(
        gate("pub struct Owner {").as_deref(),
        Some(r#"#[cfg(any(feature = "other-schemas", feature = "pets", feature = "stores"))]"#)
    );
    assert_eq!(gate("pub struct Webhook {").as_deref(), Some(r#"#[cfg(feature = "other-schemas")]"#));
    assert_eq!(gate("pub struct Health {"), None, "an operation without tags is always there");
    assert_eq!(gate("pub struct ErrorType {"), None, "the error body is always there");
    // Inline enums merged across tags: the definition is there with either, the other copy (an
    // alias, which its own operation names) with its own.
    let either = Some(r#"#[cfg(any(feature = "pets", feature = "stores"))]"#);
    assert_eq!(gate("pub enum GetPetLevel {").as_deref(), either);
    assert_eq!(gate("pub type GetStoreAccess =").as_deref(), Some(r#"#[cfg(feature = "stores")]"#));
    // The struct's impls carry the same gate.
    assert!(types.contains("#[cfg(any(feature = \"pets\", feature = \"stores\"))]\nimpl AdoptRequest {"), "{types}");
    let client = &rendered.files.iter().find(|f| f.path == "client.rs").unwrap().contents;
    assert!(
        client.contains("    #[cfg(any(feature = \"pets\", feature = \"stores\"))]\n    pub fn adopt("),
        "{client}"
    );
    assert!(client.contains("    #[cfg(feature = \"default-tag\")]\n    pub fn get_defaults("), "{client}");

    let drata = Config::new().spec(drata_tests::root().join("spec/drata.yaml")).render().unwrap();
    let features = drata_codegen::features(&drata.api);
    assert_eq!(features, ["user-identities", "users"]);
    let manifest = std::fs::read_to_string(drata_tests::root().join("Cargo.toml")).unwrap();
    let default = manifest.lines().find(|l| l.starts_with("default = [")).unwrap();
    for feature in &features {
        assert!(manifest.lines().any(|l| l == format!("{feature} = []")), "`{feature} = []` in Cargo.toml");
        assert!(default.contains(&format!("\"{feature}\"")), "`{feature}` on by default: {default}");
    }
}

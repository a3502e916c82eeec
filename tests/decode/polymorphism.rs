//! Compiled into the crate generated from `tests/specs/polymorphism.yaml` and run there by
//! `tests/compile.rs`: its unions decode what a server sends and encode what a client sends.

use polymorphism::runtime::serde_json::{self, json, Value};
use polymorphism::{AddPetResponse, Cat, Dog, Employee, Pet, Shape};

fn decode<T: polymorphism::runtime::serde::de::DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}

#[test]
fn the_discriminator_picks_the_variant_through_its_mapping() {
    let Pet::Cat(cat) = decode(json!({"petType": "cat", "lives": 9})).unwrap() else { panic!("a cat") };
    assert_eq!((cat.pet_type.as_str(), cat.lives), ("cat", Some(9)));
    // Two tags map to `Cat`; the tag stays in the value.
    let Pet::Cat(kitten) = decode(json!({"petType": "kitten"})).unwrap() else { panic!("a kitten is a cat") };
    assert_eq!((kitten.pet_type.as_str(), kitten.lives), ("kitten", None));
    let Pet::Dog(dog) = decode(json!({"petType": "dog", "bark": true})).unwrap() else { panic!("a dog") };
    assert_eq!(dog.bark, Some(true));
}

#[test]
fn an_unknown_or_missing_tag_is_kept_as_received() {
    let parrot = json!({"petType": "parrot", "words": ["hello"]});
    assert_eq!(decode::<Pet>(parrot.clone()).unwrap(), Pet::Unknown(parrot.clone()));
    let untagged = json!({"lives": 3});
    assert_eq!(decode::<Pet>(untagged.clone()).unwrap(), Pet::Unknown(untagged));
    // And encodes back unchanged.
    assert_eq!(serde_json::to_value(Pet::Unknown(parrot.clone())).unwrap(), parrot);
}

#[test]
fn a_known_tag_with_a_wrong_member_is_an_error_not_unknown() {
    let err = decode::<Pet>(json!({"petType": "dog", "bark": "loud"})).unwrap_err();
    assert!(err.to_string().contains("bool"), "{err}");
    let err = decode::<Pet>(json!({"petType": "cat", "lives": "nine"})).unwrap_err();
    assert!(err.to_string().contains("i32"), "{err}");
}

#[test]
fn variants_encode_with_their_tag() {
    let cat = Pet::Cat(Cat::new("cat").lives(9));
    assert_eq!(serde_json::to_value(&cat).unwrap(), json!({"petType": "cat", "lives": 9}));
    let dog = Pet::Dog(Dog::new("dog").bark(false));
    assert_eq!(serde_json::to_value(&dog).unwrap(), json!({"petType": "dog", "bark": false}));
    assert_eq!(decode::<Pet>(serde_json::to_value(&dog).unwrap()).unwrap(), dog);
}

#[test]
fn an_untagged_union_takes_the_first_variant_that_decodes() {
    let Shape::Circle(circle) = decode(json!({"radius": 1.5})).unwrap() else { panic!("a circle") };
    assert_eq!(circle.radius, 1.5);
    assert_eq!(decode::<Shape>(json!("square")).unwrap(), Shape::String("square".into()));
    assert_eq!(decode::<Shape>(json!([1, 2])).unwrap(), Shape::Array(vec![1, 2]));
    assert!(decode::<Shape>(json!(5)).is_err(), "5 is none of the variants");
    assert!(decode::<Shape>(json!({"side": 2})).is_err(), "a circle needs its radius");
    assert_eq!(serde_json::to_value(Shape::Array(vec![3])).unwrap(), json!([3]));
}

#[test]
fn the_response_decodes_with_every_union_and_the_merged_all_of() {
    let response: AddPetResponse = decode(json!({
        "pet": {"petType": "kitten", "lives": 7},
        "shape": "round",
        "owner": {"name": "Ada", "badge": 7, "team": "ops"}
    }))
    .unwrap();
    assert!(matches!(&response.pet, Some(Pet::Cat(cat)) if cat.lives == Some(7)), "{response:?}");
    assert_eq!(response.shape, Some(Shape::String("round".into())));
    let owner: &Employee = response.owner.as_ref().unwrap();
    assert_eq!((owner.name.as_str(), owner.badge, owner.team.as_deref()), ("Ada", 7, Some("ops")));
}

//! The S3-compatible blob store against a real S3 API server. Runs when
//! `PATI_TEST_S3_ENDPOINT` names one (e.g. `moto_server -p 5055` from PyPI's
//! `moto[server]`: `PATI_TEST_S3_ENDPOINT=http://127.0.0.1:5055`), as the test command
//! does; skipped otherwise, unless `PATI_REQUIRE_S3=1`.

use bytes::Bytes;
use pati_server::blobs::BlobStore;

#[tokio::test]
async fn photos_round_trip_through_an_s3_bucket() {
    let Ok(endpoint) = std::env::var("PATI_TEST_S3_ENDPOINT") else {
        // The test command starts one (scripts/lib/s3.sh) and requires it.
        assert!(
            std::env::var("PATI_REQUIRE_S3").as_deref() != Ok("1"),
            "PATI_REQUIRE_S3=1 but PATI_TEST_S3_ENDPOINT is not set"
        );
        eprintln!("skipping: PATI_TEST_S3_ENDPOINT not set");
        return;
    };
    let bucket = format!("pati-test-{}", std::process::id());
    // The standard AWS_* environment is how deployments configure the store.
    for (k, v) in [
        ("AWS_ENDPOINT", endpoint.as_str()),
        ("AWS_ALLOW_HTTP", "true"),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "us-east-1"),
    ] {
        std::env::set_var(k, v);
    }
    let http = reqwest::Client::new();
    let r = http
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "create bucket: {}", r.status());

    let store = BlobStore::open(Some(&format!("s3://{bucket}/photos")), None).unwrap();
    assert_eq!(store.kind, "s3");
    let sha = "ab".repeat(32);
    store
        .put("pati", &sha, Bytes::from_static(b"jpeg bytes"))
        .await
        .unwrap();
    assert_eq!(&store.get("pati", &sha).await.unwrap()[..], b"jpeg bytes");
    assert!(
        store.get("pekalongan", &sha).await.is_err(),
        "keys carry the jurisdiction"
    );
    // Stored under <prefix>/<jurisdiction>/<sha256>: the bucket's root store finds it there.
    let root = BlobStore::open(Some(&format!("s3://{bucket}")), None).unwrap();
    assert_eq!(
        &root.get("photos/pati", &sha).await.unwrap()[..],
        b"jpeg bytes"
    );
    assert!(BlobStore::open(Some("s3:///nobucket"), None).is_err());
}

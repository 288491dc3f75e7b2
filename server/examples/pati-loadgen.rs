//! Load generator for complaint ingest: many devices register, then push batches of
//! `complaint.create.v1` over real HTTP, and the run reports complaints per second
//! and push latency percentiles. Bounded in count and time, loopback only.
//!
//! ```sh
//! pati-server --content content --anonymous-complaints-per-day 1000000 \
//!     --registrations-per-ip-per-hour 0 --listen 127.0.0.1:18080 ... &
//! cargo run --release -p pati-server --example pati-loadgen -- \
//!     --url http://127.0.0.1:18080 --devices 200 --batches 10 --batch-size 25 --concurrency 32
//! ```

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pati_protocol::{
    mutation, ContentItem, ContentPage, DeviceTokens, MutationOutcome, PushResponse,
};
use serde_json::json;

#[derive(Debug, Clone)]
struct Args {
    url: String,
    jurisdiction: String,
    devices: usize,
    batches: usize,
    batch_size: usize,
    concurrency: usize,
    max_seconds: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        url: "http://127.0.0.1:8080".into(),
        jurisdiction: "pati".into(),
        devices: 100,
        batches: 10,
        batch_size: 20,
        concurrency: 32,
        max_seconds: 300,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let num = |v: String| v.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--url" => a.url = value()?,
            "--jurisdiction" => a.jurisdiction = value()?,
            "--devices" => a.devices = num(value()?)?,
            "--batches" => a.batches = num(value()?)?,
            "--batch-size" => a.batch_size = num(value()?)?.clamp(1, 100),
            "--concurrency" => a.concurrency = num(value()?)?.max(1),
            "--max-seconds" => a.max_seconds = num(value()?)? as u64,
            "--help" | "-h" => {
                return Err(
                    "usage: pati-loadgen [--url U] [--jurisdiction J] [--devices N] [--batches N] \
                            [--batch-size N<=100] [--concurrency N] [--max-seconds N]"
                        .into(),
                )
            }
            other => return Err(format!("unknown flag {other}")),
        }
    }
    // Load only ever goes to this machine.
    let host = a
        .url
        .trim_start_matches("http://")
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    let loopback = host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return Err(format!("refusing to load {host}: loopback addresses only"));
    }
    Ok(a)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Complaint categories and desa codes of the jurisdiction, from its content.
async fn content(http: &reqwest::Client, a: &Args) -> Result<(Vec<String>, Vec<String>), String> {
    let page: ContentPage = http
        .get(format!("{}/api/v1/{}/content", a.url, a.jurisdiction))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let mut cats = Vec::new();
    let mut desa = Vec::new();
    for c in page.changes {
        match c.item {
            Some(ContentItem::ComplaintCategory(k)) => cats.push(k.id),
            Some(ContentItem::Desa(d)) => desa.push(d.code),
            _ => {}
        }
    }
    if cats.is_empty() || desa.is_empty() {
        return Err("the jurisdiction has no complaint categories or desa".into());
    }
    Ok((cats, desa))
}

async fn register(http: &reqwest::Client, a: &Args) -> Result<DeviceTokens, String> {
    let r = http
        .post(format!("{}/api/v1/{}/devices", a.url, a.jurisdiction))
        .json(&json!({"client_id": uuid::Uuid::now_v7().to_string(), "platform": "loadgen", "app_version": "1"}))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !r.status().is_success() {
        return Err(format!(
            "register: {} {}",
            r.status(),
            r.text().await.unwrap_or_default()
        ));
    }
    r.json().await.map_err(|e| e.to_string())
}

/// One device's whole run: `batches` pushes of `batch_size` creates each.
async fn device_run(
    http: reqwest::Client,
    a: Arc<Args>,
    t: DeviceTokens,
    cats: Arc<Vec<String>>,
    desa: Arc<Vec<String>>,
    n: usize,
) -> Result<Vec<Duration>, String> {
    let mut latencies = Vec::with_capacity(a.batches);
    let mut seq = 0i64;
    for b in 0..a.batches {
        let mutations: Vec<_> = (0..a.batch_size)
            .map(|i| {
                seq += 1;
                let k = n + b * 7 + i;
                json!({
                    "seq": seq,
                    "name": mutation::COMPLAINT_CREATE_V1,
                    "args": {
                        "id": uuid::Uuid::now_v7().to_string(),
                        "category": cats[k % cats.len()],
                        "title": format!("Laporan uji beban nomor {k}"),
                        "description": "Jalan berlubang cukup dalam di dekat balai desa, berbahaya bagi pengendara motor pada malam hari.",
                        "location": {"lat": -6.75 + (k % 100) as f64 * 0.001, "lon": 111.04,
                                     "desa": desa[k % desa.len()]},
                    },
                    "client_time": 1_790_000_000_000i64,
                })
            })
            .collect();
        let started = Instant::now();
        let r = http
            .post(format!("{}/api/v1/{}/push", a.url, a.jurisdiction))
            .bearer_auth(&t.access_token)
            .json(&json!({"client_id": t.client_id, "mutations": mutations}))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !r.status().is_success() {
            return Err(format!(
                "push: {} {}",
                r.status(),
                r.text().await.unwrap_or_default()
            ));
        }
        let body: PushResponse = r.json().await.map_err(|e| e.to_string())?;
        latencies.push(started.elapsed());
        if body.last_seq != seq
            || body
                .results
                .iter()
                .any(|x| x.outcome != MutationOutcome::Applied)
        {
            return Err(format!(
                "push not applied as sent: {:?}",
                body.results.first()
            ));
        }
    }
    Ok(latencies)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let a = match parse_args() {
        Ok(a) => Arc::new(a),
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match run(a).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pati-loadgen: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(a: Arc<Args>) -> Result<(), String> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(a.concurrency)
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| e.to_string())?;
    let (cats, desa) = content(&http, &a).await?;
    let (cats, desa) = (Arc::new(cats), Arc::new(desa));
    let deadline = Duration::from_secs(a.max_seconds);
    let sem = Arc::new(tokio::sync::Semaphore::new(a.concurrency));

    let t0 = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..a.devices {
        let (http, a, sem) = (http.clone(), a.clone(), sem.clone());
        set.spawn(async move {
            let _permit = sem.acquire_owned().await.map_err(|e| e.to_string())?;
            register(&http, &a).await
        });
    }
    let mut tokens = Vec::with_capacity(a.devices);
    while let Some(r) = set.join_next().await {
        tokens.push(r.map_err(|e| e.to_string())??);
    }
    let reg = t0.elapsed();
    println!(
        "registered {} devices in {:.2} s ({:.0}/s)",
        tokens.len(),
        reg.as_secs_f64(),
        tokens.len() as f64 / reg.as_secs_f64()
    );

    let t1 = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for (n, t) in tokens.into_iter().enumerate() {
        let (http, a, sem, cats, desa) = (
            http.clone(),
            a.clone(),
            sem.clone(),
            cats.clone(),
            desa.clone(),
        );
        set.spawn(async move {
            let _permit = sem.acquire_owned().await.map_err(|e| e.to_string())?;
            device_run(http, a, t, cats, desa, n).await
        });
    }
    let mut latencies = Vec::new();
    let collect = async {
        while let Some(r) = set.join_next().await {
            latencies.extend(r.map_err(|e| e.to_string())??);
        }
        Ok::<(), String>(())
    };
    tokio::time::timeout(deadline, collect)
        .await
        .map_err(|_| format!("stopped after {} s (--max-seconds)", a.max_seconds))??;
    let elapsed = t1.elapsed();
    latencies.sort();
    let complaints = latencies.len() * a.batch_size;
    println!(
        "pushed {complaints} complaints in {} pushes of {} from {} concurrent devices in {:.2} s",
        latencies.len(),
        a.batch_size,
        a.concurrency,
        elapsed.as_secs_f64()
    );
    println!(
        "throughput: {:.0} complaints/s, {:.0} pushes/s",
        complaints as f64 / elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "push latency ms: p50 {:.1}  p90 {:.1}  p99 {:.1}  max {:.1}",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default())
    );
    Ok(())
}

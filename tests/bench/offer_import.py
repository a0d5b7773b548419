#!/usr/bin/env python3
"""Offer-file import benchmark: throughput as a share of `cat`, and peak memory.

Generates an AWS offer file of at least SIZE_MB megabytes in the real layout (formatVersion,
offerCode, version, publicationDate, `products` keyed by SKU with ~20 attributes each, then
`terms.OnDemand` and `terms.Reserved` keyed by SKU, AWS's `"key" : value` spacing, 10-decimal
prices) — mostly products Regionwise does not price, plus every Aurora instance class it does in
us-east-1 — then times, on the warm page cache:

  cat FILE > /dev/null                       (the disk-and-pipe yardstick)
  regionwise prices import FILE              (a fresh SQLite database each run)

and reports MB/s for both, the ratio, and the import's peak RSS (GNU time's %M, so the figure
is the import's own and not inherited from this script).

With KIND `savings-plans` the file is instead a region's Compute Savings Plans file in AWS's
layout (`products` an array of plans, `terms.savingsPlan` an array of plans with their `rates`):
six Compute Savings Plans and EC2 Instance Savings Plans filling the size, each rate a
discounted EC2 usage type, plus the Fargate rates Regionwise reads.

Usage: tests/bench/offer_import.py [SIZE_MB] [RUNS] [KIND]   (defaults 520, 3 and rds)
Needs a release build (cargo build --release -p server --bin regionwise) and GNU time
(/usr/bin/time, Debian package `time`).
"""

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.path.join(ROOT, "target", "release", "regionwise")
OUT_DIR = os.path.join(ROOT, "target", "bench")

CLASSES = [f"db.{family}.{size}" for family in ("r6g", "r7g", "r8g") for size in ("large", "xlarge", "2xlarge", "4xlarge")] + ["db.t4g.medium"]
OTHER_FAMILIES = ["m5", "m6g", "m6i", "r5", "r6i", "x2g", "t3", "c6gd", "z1d", "m7g"]
OTHER_SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"]
ENGINES = ["MySQL", "PostgreSQL", "MariaDB", "Oracle", "SQL Server", "Db2"]
LOCATIONS = [("us-east-1", "US East (N. Virginia)", ""), ("us-east-2", "US East (Ohio)", "USE2-"),
             ("us-west-2", "US West (Oregon)", "USW2-"), ("eu-west-1", "Europe (Ireland)", "EU-"),
             ("eu-central-1", "Europe (Frankfurt)", "EUC1-"), ("ap-southeast-1", "Asia Pacific (Singapore)", "APS1-")]


def sku(n):
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    out = []
    for _ in range(16):
        n, r = divmod(n * 7919 + 13, len(alphabet))
        out.append(alphabet[r])
    return "".join(out)


def product(code, attributes):
    lines = ",\n".join(f'        "{k}" : "{v}"' for k, v in attributes.items())
    return (f'    "{code}" : {{\n      "sku" : "{code}",\n      "productFamily" : "Database Instance",\n'
            f'      "attributes" : {{\n{lines}\n      }}\n    }}')


def on_demand(code, usd):
    return (f'      "{code}" : {{\n        "{code}.JRTCKXETXF" : {{\n          "offerTermCode" : "JRTCKXETXF",\n'
            f'          "sku" : "{code}",\n          "effectiveDate" : "2026-11-01T00:00:00Z",\n'
            f'          "priceDimensions" : {{\n            "{code}.JRTCKXETXF.6YS6EN2CT7" : {{\n'
            f'              "rateCode" : "{code}.JRTCKXETXF.6YS6EN2CT7",\n'
            f'              "description" : "${usd:.4f} per RDS db instance hour (or partial hour)",\n'
            f'              "beginRange" : "0",\n              "endRange" : "Inf",\n              "unit" : "Hrs",\n'
            f'              "pricePerUnit" : {{\n                "USD" : "{usd:.10f}"\n              }},\n'
            f'              "appliesTo" : [ ]\n            }}\n          }},\n          "termAttributes" : {{ }}\n        }}\n      }}')


def reserved(code, usd):
    terms = []
    for term, (length, option) in {"4NA7Y494T4": ("1yr", "No Upfront"), "6QCMYABX3D": ("1yr", "All Upfront"),
                                   "HU7G6KETJZ": ("1yr", "Partial Upfront"), "BPH4J8HBKS": ("3yr", "No Upfront")}.items():
        terms.append(
            f'        "{code}.{term}" : {{\n          "offerTermCode" : "{term}",\n          "sku" : "{code}",\n'
            f'          "effectiveDate" : "2026-11-01T00:00:00Z",\n          "priceDimensions" : {{\n'
            f'            "{code}.{term}.2TG2D8R56U" : {{\n              "rateCode" : "{code}.{term}.2TG2D8R56U",\n'
            f'              "description" : "Upfront Fee",\n              "unit" : "Quantity",\n'
            f'              "pricePerUnit" : {{\n                "USD" : "{usd * 5000:.10f}"\n              }},\n'
            f'              "appliesTo" : [ ]\n            }}\n          }},\n          "termAttributes" : {{\n'
            f'            "LeaseContractLength" : "{length}",\n            "OfferingClass" : "standard",\n'
            f'            "PurchaseOption" : "{option}"\n          }}\n        }}')
    return f'      "{code}" : {{\n' + ",\n".join(terms) + "\n      }"


def generate(path, size_mb):
    random.seed(42)
    target = size_mb * 1_000_000
    catalog = []
    for region, location, prefix in LOCATIONS:
        for engine in ("Aurora PostgreSQL", "Aurora MySQL"):
            for cls in CLASSES:
                catalog.append((region, location, f"{prefix}InstanceUsage:{cls}", engine, cls))
    # Roughly 45% of a real file is products, the rest terms: size the product count from that.
    per_product = 4_400
    count = max(len(catalog), target // per_product)
    skus = []
    with open(path, "w") as out:
        out.write('{\n  "formatVersion" : "v1.0",\n  "disclaimer" : "This pricing list is for informational purposes only.",\n'
                  '  "offerCode" : "AmazonRDS",\n  "version" : "20261120000000",\n  "publicationDate" : "2026-11-20T00:00:00Z",\n'
                  '  "products" : {\n')
        for n in range(count):
            code = sku(n)
            if n < len(catalog):
                region, location, usage, engine, cls = catalog[n]
            else:
                region, location, prefix = LOCATIONS[n % len(LOCATIONS)]
                cls = f"db.{random.choice(OTHER_FAMILIES)}.{random.choice(OTHER_SIZES)}"
                engine = random.choice(ENGINES)
                usage = f"{prefix}InstanceUsage:{cls}"
            attributes = {
                "servicecode": "AmazonRDS", "location": location, "locationType": "AWS Region",
                "instanceType": cls, "currentGeneration": "Yes", "instanceFamily": "Memory optimized",
                "vcpu": "2", "physicalProcessor": "AWS Graviton2", "memory": "16 GiB",
                "storage": "EBS Only", "networkPerformance": "Up to 10 Gigabit", "engineCode": "21",
                "databaseEngine": engine, "licenseModel": "No license required", "deploymentOption": "Single-AZ",
                "usagetype": usage, "operation": "CreateDBInstance:0021", "regionCode": region,
                "servicename": "Amazon Relational Database Service", "normalizationSizeFactor": "4",
            }
            out.write(("" if n == 0 else ",\n") + product(code, attributes))
            skus.append((code, round(random.uniform(0.02, 30.0), 4)))
        out.write('\n  },\n  "terms" : {\n    "OnDemand" : {\n')
        out.write(",\n".join(on_demand(code, usd) for code, usd in skus))
        out.write('\n    },\n    "Reserved" : {\n')
        written = out.tell()
        # Reserved terms fill the file up to the requested size, as they dominate real files.
        first = True
        index = 0
        while first or out.tell() < target:
            code, usd = skus[index % len(skus)]
            suffix = "" if index < len(skus) else f"-{index // len(skus)}"
            out.write(("" if first else ",\n") + reserved(code + suffix, usd))
            first = False
            index += 1
        out.write('\n    }\n  },\n  "attributesList" : { }\n}\n')
    del written
    return count, len(catalog)


SP_PLANS = [("1yr", "No Upfront"), ("1yr", "Partial Upfront"), ("1yr", "All Upfront"),
            ("3yr", "No Upfront"), ("3yr", "Partial Upfront"), ("3yr", "All Upfront")]


def sp_rate(plan, n, usage, service, price):
    discounted = sku(n + 7_000_000)
    return (f'      {{\n        "discountedSku" : "{discounted}",\n        "discountedUsageType" : "{usage}",\n'
            f'        "discountedOperation" : "RunInstances",\n        "discountedServiceCode" : "{service}",\n'
            f'        "rateCode" : "{plan}.{discounted}",\n        "unit" : "Hrs",\n'
            f'        "discountedRate" : {{\n          "price" : "{price:.10f}",\n          "currency" : "USD"\n        }},\n'
            f'        "discountedRegionCode" : "us-east-1",\n        "discountedInstanceType" : ""\n      }}')


def generate_savings_plans(path, size_mb):
    """A us-east-1 Compute Savings Plans file of at least SIZE_MB megabytes."""
    random.seed(42)
    target = size_mb * 1_000_000
    plans = [(sku(900_000 + n), "ComputeSavingsPlans", term, option) for n, (term, option) in enumerate(SP_PLANS)]
    families = [f"{family}.{size}" for family in OTHER_FAMILIES for size in OTHER_SIZES]
    # EC2 Instance Savings Plans: one per family and plan term, enough to reach the size.
    for n in range(600):
        term, option = SP_PLANS[n % len(SP_PLANS)]
        plans.append((sku(950_000 + n), "EC2InstanceSavingsPlans", term, option))
    with open(path, "w") as out:
        out.write('{\n  "version" : "20261115000000",\n  "publicationDate" : "2026-11-15T00:00:00Z",\n'
                  '  "regionCode" : "us-east-1",\n  "products" : [ ')
        out.write(", ".join(
            f'{{\n    "sku" : "{code}",\n    "productFamily" : "{family}",\n    "serviceCode" : "ComputeSavingsPlans",\n'
            f'    "usageType" : "SP:{term}{option.replace(" ", "")}",\n    "operation" : "",\n'
            f'    "attributes" : {{\n      "purchaseOption" : "{option}",\n      "granularity" : "hourly",\n'
            f'      "instanceType" : "",\n      "purchaseTerm" : "{term}",\n      "locationType" : "AWS Region",\n'
            f'      "location" : "Any"\n    }}\n  }}'
            for code, family, term, option in plans))
        out.write(' ],\n  "terms" : {\n    "savingsPlan" : [ ')
        n = 0
        for index, (code, family, term, option) in enumerate(plans):
            if out.tell() >= target and family != "ComputeSavingsPlans":
                break
            out.write(("" if index == 0 else ", ") +
                      f'{{\n    "sku" : "{code}",\n    "description" : "{term} {option} {family}",\n'
                      f'    "effectiveDate" : "2026-11-01T00:00:00Z",\n'
                      f'    "leaseContractLength" : {{\n      "duration" : {term[0]},\n      "unit" : "year"\n    }},\n'
                      f'    "rates" : [\n')
            rates = []
            if family == "ComputeSavingsPlans":
                for usage, price in (("USE1-Fargate-vCPU-Hours:perCPU", 0.03), ("USE1-Fargate-GB-Hours", 0.003),
                                     ("USE1-Fargate-ARM-vCPU-Hours:perCPU", 0.024), ("USE1-Fargate-ARM-GB-Hours", 0.0026)):
                    rates.append(sp_rate(code, n, usage, "AmazonECS", price * (0.6 if term == "3yr" else 0.8)))
                    n += 1
            for _ in range(1500):
                rates.append(sp_rate(code, n, f"BoxUsage:{random.choice(families)}", "AmazonEC2", random.uniform(0.01, 5.0)))
                n += 1
            out.write(",\n".join(rates) + "\n    ]\n  }")
        out.write(' ]\n  }\n}\n')
    return len(plans), 6


def timed(command, **kwargs):
    start = time.perf_counter()
    completed = subprocess.run(command, check=False, **kwargs)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"{command[0]} failed: {completed.returncode} {getattr(completed, 'stderr', b'')!r}")
    return elapsed, completed


def main():
    size_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 520
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    kind = sys.argv[3] if len(sys.argv) > 3 else "rds"
    if kind not in ("rds", "savings-plans"):
        sys.exit(f"KIND is rds or savings-plans, not {kind}")
    if not os.access(BINARY, os.X_OK):
        sys.exit(f"{BINARY} missing: cargo build --release -p server --bin regionwise")
    os.makedirs(OUT_DIR, exist_ok=True)
    name = "AmazonRDS-offer" if kind == "rds" else "AWSComputeSavingsPlan-us-east-1"
    path = os.path.join(OUT_DIR, f"{name}-{size_mb}MB.json")
    if not os.path.exists(path):
        start = time.perf_counter()
        products, wanted = (generate if kind == "rds" else generate_savings_plans)(path, size_mb)
        print(f"generated {path}: {products} products ({wanted} priced by Regionwise) in {time.perf_counter() - start:.0f} s")
    size = os.path.getsize(path)
    print(f"file: {size / 1e6:.0f} MB")
    with open(os.devnull, "wb") as devnull:
        timed(["cat", path], stdout=devnull)  # warm the page cache
        cat = min(timed(["cat", path], stdout=devnull)[0] for _ in range(runs))
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("/usr/bin/time missing: apt-get install time")
    imports = []
    peaks_kb = []
    for _ in range(runs):
        data = tempfile.mkdtemp(prefix="regionwise-bench-")
        env = {"PATH": os.environ["PATH"], "REGIONWISE_DATA_DIR": data, "RUST_LOG": "warn"}
        elapsed, completed = timed(["/usr/bin/time", "-f", "peak-rss-kb %M", BINARY, "prices", "import", path],
                                   env=env, capture_output=True)
        imports.append(elapsed)
        summary = completed.stdout.decode().splitlines()[0]
        peaks_kb += [int(line.split()[1]) for line in completed.stderr.decode().splitlines() if line.startswith("peak-rss-kb ")]
        shutil.rmtree(data)
    peak_kb = max(peaks_kb)
    best = min(imports)
    print(f"summary: {summary}")
    print(f"cat:    {cat:.2f} s  {size / 1e6 / cat:8.0f} MB/s (best of {runs})")
    print(f"import: {best:.2f} s  {size / 1e6 / best:8.0f} MB/s (best of {runs}; all: {', '.join(f'{t:.2f}' for t in imports)} s)")
    print(f"ratio:  {cat / best * 100:.0f}% of cat's throughput")
    print(f"peak RSS of the import: {peak_kb / 1024:.1f} MB")


if __name__ == "__main__":
    main()

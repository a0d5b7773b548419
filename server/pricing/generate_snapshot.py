#!/usr/bin/env python3
"""Regenerates snapshot.json, the bundled offline price book, from the tables below.

Run by hand when a figure changes: `python3 server/pricing/generate_snapshot.py`. The
build never runs it; the binary embeds the JSON it writes, and `cargo test -p server`
checks that the snapshot prices every quantity the engine bills in every catalog region.

Two kinds of entry:
- VERIFIED: copied verbatim from real AWS Price List records (SKU, usage type, price,
  effective date); `verified: true`.
- ESTIMATED: every other figure. Its us-east-1 price comes from a secondary source
  (a third-party price constant or fixture) or from general knowledge, as each row's
  provenance says; other regions apply the regional factor below, which is itself an
  approximation from general knowledge. `verified: false`, so the API and UI label the
  line "estimated". A live refresh or an offer-file import replaces them with real records.

The facts come from the team's pricing reference (Price List wire format, real records,
prices tagged [V] verified / [S] secondary / [U] unverified), copied here with their tags.
"""

import json
from decimal import Decimal
from pathlib import Path

AS_OF = "2026-12-06"
VERSION = f"snapshot-{AS_OF}"

# Usage-type prefix per region (us-east-1 has none for EC2/RDS usage types, but AmazonECS
# uses USE1-); [S] for us-east-1/us-east-2/eu-west-1/eu-central-1/ap-southeast-1/ap-south-1,
# general knowledge for the rest.
PREFIX = {
    "us-east-1": "", "us-east-2": "USE2-", "us-west-1": "USW1-", "us-west-2": "USW2-",
    "ca-central-1": "CAN1-", "eu-west-1": "EU-", "eu-west-2": "EUW2-", "eu-west-3": "EUW3-",
    "eu-central-1": "EUC1-", "eu-north-1": "EUN1-", "ap-south-1": "APS3-",
    "ap-southeast-1": "APS1-", "ap-southeast-2": "APS2-", "ap-northeast-1": "APN1-",
    "sa-east-1": "SAE1-",
}

# Regional price factor relative to us-east-1 for the database, storage, load balancing,
# NAT, cache, logs and other regional services without a figure of their own below
# [U: general knowledge of AWS regional price ratios, rounded; not from a record]. Fargate and
# data transfer have their own per-region figures (below), since their regional ratios differ
# (Fargate costs the same in eu-west-1 as in us-east-1; data transfer follows the source
# region's own table).
REGION_FACTOR = {
    "us-east-1": "1.00", "us-east-2": "1.00", "us-west-2": "1.00", "us-west-1": "1.15",
    "ca-central-1": "1.10", "eu-west-1": "1.11", "eu-west-2": "1.16", "eu-west-3": "1.16",
    "eu-central-1": "1.19", "eu-north-1": "1.06", "ap-south-1": "1.08",
    "ap-southeast-1": "1.24", "ap-southeast-2": "1.24", "ap-northeast-1": "1.24",
    "sa-east-1": "1.60",
}

# Data transfer per source region: internet egress tiers (first 10 TB, next 40 TB, next 100 TB,
# over 150 TB a month; 1 TB = 1,024 GB) and inter-region transfer out to another region.
# [S] where the team's third-party collection has the region: unit prices derived by exact
# division from Infracost golden files (e.g. $921.60 / 10,240 GB = $0.09; inter-region
# $15.00 / 750 GB = $0.02, $67.50 / 750 GB = $0.09), in
# ../shared/reference/pricing-samples/third-party-prices.json, copied here (us-east-1's last
# tier from a third-party research note quoting the Price List, same file). Regions it lacks
# use their geography's figures [U].
DATA_TRANSFER_SOURCE = "[S] Infracost golden file, unit price derived by exact division (third-party-prices.json)"
EGRESS_TIER_STARTS_GB = [0, 10240, 51200, 153600]
US_EU_TIERS = ["0.09", "0.085", "0.07", "0.05"]
DATA_TRANSFER = {
    "us-east-1": (US_EU_TIERS, "0.02"), "us-east-2": (US_EU_TIERS, "0.02"),
    "us-west-2": (US_EU_TIERS, "0.02"), "ca-central-1": (US_EU_TIERS, "0.02"),
    "eu-west-1": (US_EU_TIERS, "0.02"), "eu-west-2": (US_EU_TIERS, "0.02"),
    "eu-central-1": (US_EU_TIERS, "0.02"),
    "ap-south-1": (["0.1093", "0.085", "0.082", "0.08"], "0.086"),
    "ap-southeast-1": (["0.12", "0.085", "0.082", "0.08"], "0.09"),
    "ap-southeast-2": (["0.114", "0.098", "0.094", "0.092"], "0.098"),
    "ap-northeast-1": (["0.114", "0.089", "0.086", "0.084"], "0.09"),
    "sa-east-1": (["0.15", "0.138", "0.126", "0.114"], "0.138"),
}
DATA_TRANSFER_BY_GEOGRAPHY = {"us": (US_EU_TIERS, "0.02"), "eu": (US_EU_TIERS, "0.02")}
# Pairs priced apart from their source region's figure: between the two US East regions
# $0.01/GB [S] (Infracost golden file, "Outbound data transfer to US East regions": $5.00 /
# 500 GB from us-east-1, $2.00 / 200 GB from us-east-2).
PAIR_PRICES = {("us-east-1", "us-east-2"): "0.01", ("us-east-2", "us-east-1"): "0.01"}

# Fargate Linux/x86 on-demand per region: (USD per vCPU-hour, USD per GB-hour). us-east-1 is
# the verified record; the others [U] general knowledge of AWS's Fargate price page (2026),
# which prices several regions like us-east-1 rather than by a common factor.
FARGATE = {
    "us-east-1": ("0.04048", "0.004445"), "us-east-2": ("0.04048", "0.004445"),
    "us-west-2": ("0.04048", "0.004445"), "us-west-1": ("0.04656", "0.00511"),
    "ca-central-1": ("0.04456", "0.004865"), "eu-west-1": ("0.04048", "0.004445"),
    "eu-west-2": ("0.04656", "0.00511"), "eu-west-3": ("0.04656", "0.00511"),
    "eu-central-1": ("0.04656", "0.00511"), "eu-north-1": ("0.04048", "0.004445"),
    "ap-south-1": ("0.04256", "0.00467"), "ap-southeast-1": ("0.05056", "0.00553"),
    "ap-southeast-2": ("0.04856", "0.00532"), "ap-northeast-1": ("0.05056", "0.00553"),
    "sa-east-1": ("0.0696", "0.0076"),
}

# Figures a secondary source gives for eu-west-1 itself, used instead of the factor [S].
EU_WEST_1_OVERRIDES = {
    "aurora.io_requests": ("0.00000022", "[S] third-party price table: Aurora I/O $0.22 per 1M in eu-west-1"),
    "aurora.backup_gb_month": ("0.021", "[S] third-party price table: Aurora backup $0.021/GB-Mo in eu-west-1"),
}

REFERENCE = "compiled by the Regionwise team, see server/pricing/README.md"


def geography(region):
    """`eu` for `eu-west-1`: the keys of the data-transfer tables."""
    return region.split("-")[0]


# Aurora on-demand instance prices in us-east-1, USD/hour, Standard storage mode.
# db.r6g.large $0.26 is [S] (third-party test constants); the other sizes double per size
# step, as AWS prices within a family; r7g, r8g and t4g figures are [U].
AURORA_LARGE = {"r6g": "0.26", "r7g": "0.276", "r8g": "0.276"}
AURORA_SIZE_STEPS = {"large": 1, "xlarge": 2, "2xlarge": 4, "4xlarge": 8}
AURORA_T4G_MEDIUM = "0.073"
IO_OPTIMIZED_FACTOR = Decimal("1.3")  # [S] same third-party test: $0.338 = 1.3 × $0.26

# (key, service code, usage type suffix, unit, us-east-1 USD per unit, provenance)
SERVICES = [
    ("aurora.storage_gb_month", "AmazonRDS", "Aurora:StorageUsage", "GB-Mo", "0.10",
     "[S] third-party comment citing the live API (2026-06): Aurora storage $0.10/GB-Mo"),
    ("aurora.storage_io_optimized_gb_month", "AmazonRDS", "Aurora:IO-OptimizedStorageUsage", "GB-Mo", "0.225",
     "[S] third-party comment citing the live API (2026-06): I/O-Optimized storage $0.225/GB-Mo"),
    ("aurora.io_requests", "AmazonRDS", "Aurora:StorageIOUsage", "IOs", "0.0000002",
     "[S] third-party price table: Aurora I/O $0.20 per 1M requests"),
    ("aurora.backup_gb_month", "AmazonRDS", "Aurora:BackupUsage", "GB-Mo", "0.021",
     "[S] third-party price table: Aurora backup storage $0.021/GB-Mo"),
    ("aurora.replicated_write_io", "AmazonRDS", "Aurora:ReplicatedWriteIO", "IOs", "0.0000002",
     "[U] general knowledge: Aurora Global Database replicated write I/O $0.20 per 1M; usage type [S] from a "
     "third-party billing model (unconfirmed by a record: a refresh reports it as kept if AWS names it otherwise)"),
    ("dynamodb.write_request_units", "AmazonDynamoDB", "WriteRequestUnits", "WriteRequestUnits", "0.000000625",
     "[U] general knowledge: on-demand writes $0.625 per 1M WRU (price cut of Nov 2024)"),
    ("dynamodb.read_request_units", "AmazonDynamoDB", "ReadRequestUnits", "ReadRequestUnits", "0.000000125",
     "[U] general knowledge: on-demand reads $0.125 per 1M RRU (price cut of Nov 2024)"),
    ("dynamodb.replicated_write_request_units", "AmazonDynamoDB", "ReplWriteRequestUnits", "ReplicatedWriteRequestUnits", "0.000000625",
     "[U] general knowledge: global-table replicated writes $0.625 per 1M rWRU"),
    ("dynamodb.read_capacity_unit_hours", "AmazonDynamoDB", "ReadCapacityUnit-Hrs", "ReadCapacityUnit-Hrs", "0.00013",
     "[U] general knowledge: provisioned reads $0.00013 per RCU-hour; usage type [S] DynamoDB developer guide "
     "(Understanding DynamoDB billing), unit [U]"),
    ("dynamodb.write_capacity_unit_hours", "AmazonDynamoDB", "WriteCapacityUnit-Hrs", "WriteCapacityUnit-Hrs", "0.00065",
     "[U] general knowledge: provisioned writes $0.00065 per WCU-hour; usage type [S] DynamoDB developer guide "
     "(Understanding DynamoDB billing), unit [U]"),
    ("dynamodb.replicated_write_capacity_unit_hours", "AmazonDynamoDB", "ReplWriteCapacityUnit-Hrs",
     "ReplWriteCapacityUnit-Hrs", "0.00065",
     "[U] general knowledge: global-table provisioned writes $0.00065 per rWCU-hour, the WCU price since the "
     "Nov 2024 price cut; usage type [S] DynamoDB developer guide (Understanding DynamoDB billing), unit [U]"),
    ("dynamodb.storage_gb_month", "AmazonDynamoDB", "TimedStorage-ByteHrs", "GB-Mo", "0.25",
     "[U] general knowledge: table storage $0.25/GB-Mo (first 25 GB free, not modelled); usage type [S] from CUR"),
    ("dynamodb.backup_gb_month", "AmazonDynamoDB", "TimedBackupStorage-ByteHrs", "GB-Mo", "0.10",
     "[U] general knowledge: on-demand backup storage $0.10/GB-Mo"),
    ("alb.hours", "AWSELB", "LoadBalancerUsage", "Hrs", "0.0225",
     "[S] third-party price constant: ALB $0.0225/h (same as the verified NLB hour rate in us-east-2); "
     "service AWSELB, product family Load Balancer-Application [S] Infracost lb.go"),
    ("alb.lcu_hours", "AWSELB", "LCUUsage", "LCU-Hrs", "0.008",
     "[S] third-party price constant: ALB $0.008 per LCU-hour; service AWSELB, product family "
     "Load Balancer-Application [S] Infracost lb.go"),
    ("nat_gateway.hours", "AmazonEC2", "NatGateway-Hours", "Hrs", "0.045",
     "[S] third-party price table: NAT Gateway $0.045/h"),
    ("cloudwatch.alarm_month", "AmazonCloudWatch", "CW:AlarmMonitorUsage", "Alarms", "0.10",
     "[S] product family and usage type; price [U] general knowledge: $0.10 per standard alarm-month"),
    ("cloudwatch.logs_ingested_gb", "AmazonCloudWatch", "DataProcessing-Bytes", "GB", "0.50",
     "[U] general knowledge: CloudWatch Logs standard ingestion $0.50/GB"),
    ("cloudwatch.vended_logs_gb", "AmazonCloudWatch", "VendedLog-Bytes", "GB", "0.50",
     "[U] general knowledge: vended logs (VPC flow logs, WAF) delivered to CloudWatch Logs $0.50/GB, first 10 TB"),
    ("cloudwatch.logs_storage_gb_month", "AmazonCloudWatch", "TimedStorage-ByteHrs", "GB-Mo", "0.03",
     "[U] general knowledge: CloudWatch Logs archived storage $0.03/GB-Mo (compressed)"),
    ("dynamodb.pitr_gb_month", "AmazonDynamoDB", "TimedPITRStorage-ByteHrs", "GB-Mo", "0.20",
     "[U] general knowledge: point-in-time recovery $0.20/GB-Mo of table size, billed per replica"),
    ("vpc.interface_endpoint_hours", "AmazonVPC", "VpcEndpoint-Hours", "Hrs", "0.01",
     "[U] general knowledge: PrivateLink interface endpoint $0.01 per endpoint per zone-hour"),
    ("vpc.interface_endpoint_gb", "AmazonVPC", "VpcEndpoint-Bytes", "GB", "0.01",
     "[U] general knowledge: PrivateLink interface endpoint data processed $0.01/GB (first PB a month)"),
    ("elasticache.valkey_node_hours:cache.t4g.small", "AmazonElastiCache", "NodeUsage:cache.t4g.small", "Hrs", "0.0256",
     "[U] general knowledge: cache.t4g.small $0.032/h for Redis OSS, Valkey node prices 20 % lower"),
]

# Services AWS prices the same in every region: no regional factor [S where the row says].
UNIFORM_SERVICES = [
    ("vpc.public_ipv4_hours", "AmazonVPC", "PublicIPv4:InUseAddress", "Hrs", "0.005",
     "[U] general knowledge: in-use public IPv4 address $0.005/h in every region (since Feb 2024)"),
    ("kms.key_month", "awskms", "KMS-Keys", "Keys", "1.00",
     "[S] third-party price page: each KMS key $1/month, every region (requests $0.03 per 10,000 after 20,000 free, not modelled)"),
    ("secrets_manager.secret_month", "AWSSecretsManager", "AWSSecretsManager-Secrets", "Secrets", "0.40",
     "[S] third-party price page: $0.40 per secret-month, a replica billed as a secret (API calls $0.05 per 10,000, not modelled)"),
    ("waf.web_acl_month", "awswaf", "WebACL-V2", "WebACL", "5.00",
     "[S] third-party blog: AWS WAF $5 per web ACL-month, the same in every region; usage type [U]"),
    ("waf.rule_month", "awswaf", "Rule-V2", "Rule", "1.00",
     "[S] third-party blog: AWS WAF $1 per rule-month (a managed rule group counts as one rule); usage type [U]"),
    ("waf.requests", "awswaf", "Request-V2", "Requests", "0.0000006",
     "[S] third-party blog: AWS WAF $0.60 per 1M requests; usage type [U]"),
]

GLOBAL_SERVICES = [
    ("route53.hosted_zone_month", "AmazonRoute53", "HostedZone", "HostedZone", "0.50",
     "[S] several third-party price constants: $0.50 per hosted zone-month (first 25 zones)"),
    ("route53.standard_queries", "AmazonRoute53", "DNS-Queries", "Queries", "0.0000004",
     "[S] third-party price constants: standard queries $0.40 per 1M (first 1B)"),
    ("route53.latency_queries", "AmazonRoute53", "LBR-Queries", "Queries", "0.0000006",
     "[S] third-party price constants: latency-based queries $0.60 per 1M (first 1B)"),
    ("route53.health_check_month", "AmazonRoute53", "Health-Check-AWS", "Health-Checks", "0.50",
     "[S] third-party price constant: health check of an AWS endpoint $0.50/month"),
    ("route53.health_check_option_month", "AmazonRoute53", "Health-Check-Option-AWS", "Health-Checks", "1.00",
     "[U] general knowledge: each optional health-check feature (HTTPS, fast interval) $1.00/month for AWS endpoints"),
]

# Global Accelerator's fixed fee is not in the Price List (Infracost hard-codes it for that
# reason): it comes from AWS's pricing page, source `pricing_page`, and a refresh keeps it.
ACCELERATOR_FIXED_FEE = ("global_accelerator.hours", "AWSGlobalAccelerator", "Accelerator-Hours", "Hrs", "0.025",
                         "AWS Global Accelerator pricing page (aws.amazon.com/global-accelerator/pricing/): "
                         "\"you are charged $0.025\" for every full or partial accelerator-hour; not in the AWS Price List")

# The data-transfer premium per location group of the endpoints, for users on the same
# continent (dominant direction out), usage type `<from>-<to>-Out-Bytes-Internet` [S] Infracost
# global_accelerator_endpoint_group.go. NA, EU and AP: AWS pricing page figures [aws-doc], read
# from third-party-prices.json; SA [U] general knowledge.
ACCELERATOR_PREMIUM = {
    "NA": ("0.015", "[aws-doc] AWS Global Accelerator pricing page, DT-Premium NA to NA"),
    "EU": ("0.015", "[aws-doc] AWS Global Accelerator pricing page, DT-Premium EU to EU"),
    "AP": ("0.010", "[aws-doc] AWS Global Accelerator pricing page, DT-Premium APAC to APAC"),
    "SA": ("0.035", "[U] general knowledge: DT-Premium within South America"),
}


def accelerator_location(region):
    """The location group Global Accelerator prices by (planner::catalog::accelerator_location)."""
    return {"us": "NA", "ca": "NA", "eu": "EU", "sa": "SA"}.get(geography(region), "AP")


def pair_code(region):
    """The region's code in data-transfer pair usage types: USE1 for us-east-1 too."""
    return "USE1" if region == "us-east-1" else PREFIX[region].rstrip("-")


def price(value):
    return f"{Decimal(value).quantize(Decimal('0.0000000001'))}"


def estimated(key, service_code, region, usage_type, unit, usd, provenance, tiers=None):
    entry = {
        "key": key,
        "service_code": service_code,
        "region": region,
        "usage_type": usage_type,
        "unit": unit,
        "usd_per_unit": price(usd),
        "effective_date": AS_OF,
        "source": "snapshot",
        "verified": False,
        "provenance": f"estimated: {provenance} ({REFERENCE})",
    }
    if tiers:
        entry["tiers"] = [{"from_units": str(start), "usd_per_unit": price(usd)} for start, usd in tiers]
    return entry


# Commitment prices as shares of on-demand, [U] general knowledge of AWS's published rates
# (Aurora reserved instances; Compute Savings Plans for Fargate). Each is the effective price of
# a committed hour (hourly charge plus the upfront fee spread over the term) divided by the
# on-demand price; partial upfront pays about half of it ahead, all upfront all of it. Aurora
# sells no 3-year no-upfront reservation. Term hours: 8,760 a year.
AURORA_RESERVED = {
    ("one_year", "no_upfront"): "0.69",
    ("one_year", "partial_upfront"): "0.63",
    ("one_year", "all_upfront"): "0.62",
    ("three_year", "partial_upfront"): "0.43",
    ("three_year", "all_upfront"): "0.41",
}
FARGATE_SAVINGS_PLAN = {
    ("one_year", "no_upfront"): "0.80",
    ("one_year", "partial_upfront"): "0.78",
    ("one_year", "all_upfront"): "0.76",
    ("three_year", "no_upfront"): "0.60",
    ("three_year", "partial_upfront"): "0.57",
    ("three_year", "all_upfront"): "0.55",
}
# DynamoDB reserved capacity in us-east-1 per capacity unit: (upfront USD, USD an hour), [U]
# general knowledge of AWS's pricing page, which quotes blocks of 100 units (1 year: 100 WCU
# $150 upfront and $0.0128 an hour, 100 RCU $30 and $0.0025; 3 years: $180 and $0.0081, $36
# and $0.0016). Partial upfront is the only payment option AWS sells; replicated write capacity
# (rWCU) cannot be reserved. Other regions scale both parts by the regional factor.
DYNAMODB_RESERVED = {
    "dynamodb.write_capacity_unit_hours": ("0.00065", {
        "one_year": ("1.50", "0.000128"),
        "three_year": ("1.80", "0.000081"),
    }),
    "dynamodb.read_capacity_unit_hours": ("0.00013", {
        "one_year": ("0.30", "0.000025"),
        "three_year": ("0.36", "0.000016"),
    }),
}
UPFRONT_SHARE = {"no_upfront": Decimal(0), "partial_upfront": Decimal("0.5"), "all_upfront": Decimal(1)}
TERM_HOURS = {"one_year": 8760, "three_year": 26280}


def reserved_capacity(entry):
    """Estimated DynamoDB reserved capacity of a provisioned-capacity entry, scaled by region."""
    base, terms = DYNAMODB_RESERVED[entry["key"]]
    factor = Decimal(entry["usd_per_unit"]) / Decimal(base)
    rates = []
    for term, (upfront, hourly) in terms.items():
        rates.append({
            "kind": "reserved_capacity",
            "term": term,
            "payment": "partial_upfront",
            "upfront_usd": str((Decimal(upfront) * factor).quantize(Decimal("0.000001"), rounding="ROUND_FLOOR")),
            "usd_per_hour": str((Decimal(hourly) * factor).quantize(Decimal("0.0000000001"), rounding="ROUND_FLOOR")),
            "effective_date": AS_OF,
            "verified": False,
            "provenance": f"estimated: [U] DynamoDB reserved capacity {term.replace('_', '-')} partial upfront, "
                          f"us-east-1 ${upfront} upfront and ${hourly}/h per unit"
                          + ("" if factor == 1 else f" × regional factor {factor.normalize()}"),
        })
    return rates


def commitments(entry):
    """Estimated commitment prices of an Aurora instance, Fargate or DynamoDB provisioned
    capacity entry (others: none)."""
    if entry["key"] in DYNAMODB_RESERVED:
        return reserved_capacity(entry)
    if entry["key"].startswith(("aurora_postgresql.instance", "aurora_mysql.instance")):
        kind, shares, what = "reserved_instance", AURORA_RESERVED, "Aurora reserved instance"
    elif entry["key"] in ("fargate.vcpu_hours", "fargate.gb_hours"):
        kind, shares, what = "savings_plan", FARGATE_SAVINGS_PLAN, "Compute Savings Plan (Fargate)"
    else:
        return []
    on_demand = Decimal(entry["usd_per_unit"])
    rates = []
    for (term, payment), share in shares.items():
        hours = TERM_HOURS[term]
        effective = on_demand * Decimal(share)
        # Whole dollars upfront (rounded down), the rest hourly (rounded down): never above `share`.
        upfront = (effective * UPFRONT_SHARE[payment] * hours).to_integral_value(rounding="ROUND_FLOOR")
        hourly = (effective - upfront / hours).quantize(Decimal("0.0000000001"), rounding="ROUND_FLOOR")
        rates.append({
            "kind": kind,
            "term": term,
            "payment": payment,
            "upfront_usd": str(upfront),
            "usd_per_hour": str(max(hourly, Decimal(0))),
            "effective_date": AS_OF,
            "verified": False,
            "provenance": f"estimated: [U] {what} {term.replace('_', '-')} {payment.replace('_', ' ')} ≈ {share} × on-demand",
        })
    return rates


def main():
    here = Path(__file__).resolve().parent
    verified = json.loads((here / "verified-records.json").read_text())["entries"]
    verified_keys = {(entry["key"], entry["region"]) for entry in verified}
    verified_price = {(entry["key"], entry["region"]): entry["usd_per_unit"] for entry in verified}
    entries = list(verified)

    def add(entry):
        if (entry["key"], entry["region"]) not in verified_keys:
            entries.append(entry)

    for region, factor in REGION_FACTOR.items():
        factor = Decimal(factor)
        prefix = PREFIX[region]
        regional = "" if region == "us-east-1" else f" × regional factor {factor} [U]"

        for engine, engine_name in (("aurora_postgresql", "Aurora PostgreSQL"), ("aurora_mysql", "Aurora MySQL")):
            classes = [("db.t4g.medium", Decimal(AURORA_T4G_MEDIUM), "[U] general knowledge")]
            for family, large in AURORA_LARGE.items():
                for size, steps in AURORA_SIZE_STEPS.items():
                    basis = "[S] third-party test constants" if (family, size) == ("r6g", "large") else (
                        f"[U] general knowledge (db.{family}.large ${large}/h, doubling per size)")
                    classes.append((f"db.{family}.{size}", Decimal(large) * steps, basis))
            for name, usd, basis in classes:
                add(estimated(f"{engine}.instance:{name}", "AmazonRDS", region,
                              f"{prefix}InstanceUsage:{name}", "Hrs", usd * factor,
                              f"{engine_name} {name} on-demand ${usd}/h in us-east-1, {basis}{regional}"))
                add(estimated(f"{engine}.instance_io_optimized:{name}", "AmazonRDS", region,
                              f"{prefix}InstanceUsageIOOptimized:{name}", "Hrs",
                              usd * IO_OPTIMIZED_FACTOR * factor,
                              f"{engine_name} {name} I/O-Optimized = 1.3 × Standard [S]; Standard {basis}{regional}"))

        ecs_prefix = "USE1-" if region == "us-east-1" else prefix
        vcpu, gb = FARGATE[region]
        for key, usage, usd in (("fargate.vcpu_hours", "Fargate-vCPU-Hours:perCPU", vcpu),
                                ("fargate.gb_hours", "Fargate-GB-Hours", gb)):
            add(estimated(key, "AmazonECS", region, ecs_prefix + usage, "hours", Decimal(usd),
                          f"[U] general knowledge: Fargate Linux/x86 in {region} ${usd}/h (AWS Fargate pricing page); "
                          f"us-east-1 is the verified ${verified_price[(key, 'us-east-1')]}"))

        for key, service_code, usage, unit, usd, provenance in SERVICES:
            usage_prefix = prefix
            if region == "eu-west-1" and key in EU_WEST_1_OVERRIDES:
                usd, provenance = EU_WEST_1_OVERRIDES[key]
                add(estimated(key, service_code, region, usage_prefix + usage, unit, Decimal(usd), provenance))
                continue
            add(estimated(key, service_code, region, usage_prefix + usage, unit, Decimal(usd) * factor,
                          f"{provenance}{regional}"))

        for key, service_code, usage, unit, usd, provenance in UNIFORM_SERVICES:
            add(estimated(key, service_code, region, prefix + usage, unit, Decimal(usd), provenance))

        if region in DATA_TRANSFER:
            tiers, inter_region = DATA_TRANSFER[region]
            source = f"{DATA_TRANSFER_SOURCE} for {region}"
        else:
            tiers, inter_region = DATA_TRANSFER_BY_GEOGRAPHY[geography(region)]
            source = f"[U] {geography(region).upper()} regions' figure; {region} is not in the team's collection"
        for destination in REGION_FACTOR:
            if destination == region:
                continue
            pair_usd, pair_source = inter_region, source
            if (region, destination) in PAIR_PRICES:
                pair_usd = PAIR_PRICES[(region, destination)]
                pair_source = "[S] Infracost golden file, \"Outbound data transfer to US East regions\""
            add(estimated(f"data_transfer.inter_region_out_gb:{destination}", "AWSDataTransfer", region,
                          f"{pair_code(region)}-{pair_code(destination)}-AWS-Out-Bytes", "GB", Decimal(pair_usd),
                          f"inter-region transfer from {region} to {destination} ${pair_usd}/GB, {pair_source}"))
        add(estimated("data_transfer.internet_out_gb", "AWSDataTransfer", region,
                      f"{prefix}DataTransfer-Out-Bytes", "GB", Decimal(tiers[0]),
                      f"internet egress out of {region} by monthly tier, ${' / $'.join(tiers)} per GB "
                      f"for the first 10 TB / next 40 TB / next 100 TB / over 150 TB, {source}",
                      tiers=list(zip(EGRESS_TIER_STARTS_GB, tiers))))

    for key, service_code, usage, unit, usd, provenance in GLOBAL_SERVICES:
        add(estimated(key, service_code, "global", usage, unit, Decimal(usd), provenance))
    key, service_code, usage, unit, usd, provenance = ACCELERATOR_FIXED_FEE
    add({"key": key, "service_code": service_code, "region": "global", "usage_type": usage, "unit": unit,
         "usd_per_unit": price(usd), "effective_date": AS_OF, "source": "pricing_page", "verified": False,
         "provenance": provenance})
    for group, (usd, provenance) in ACCELERATOR_PREMIUM.items():
        add(estimated(f"global_accelerator.dt_premium_gb:{group}", "AWSGlobalAccelerator", "global",
                      f"{group}-{group}-Out-Bytes-Internet", "GB", Decimal(usd),
                      f"{provenance}: ${usd}/GB for {group} endpoints serving {group} users (dominant direction)"))

    for entry in entries:
        rates = commitments(entry)
        if rates:
            entry["commitments"] = rates
    book = {"version": VERSION, "as_of": AS_OF, "entries": entries}
    (here / "snapshot.json").write_text(json.dumps(book, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(entries)} entries ({len(verified)} verified)")


if __name__ == "__main__":
    main()

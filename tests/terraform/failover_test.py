"""The generated failover function's decisions, against the real boto3 clients.

`failover.py` (crates/terraform/src/modules/failover.py, shipped in every bundle with automated
failover) is loaded as the bundle ships it. AWS answers come from botocore's Stubber, which
also checks that every request the function sends is valid for the service's API. Run with the
moto virtualenv's Python (it has boto3): tests/terraform/.moto-venv/bin/python -m unittest
failover_test (from tests/terraform).
"""

import importlib.util
import json
import os
import pathlib
import unittest
from datetime import datetime, timezone

import boto3
from botocore.stub import ANY, Stubber

SOURCE = pathlib.Path(__file__).resolve().parents[2] / "crates/terraform/src/modules/failover.py"
spec = importlib.util.spec_from_file_location("failover", SOURCE)
failover = importlib.util.module_from_spec(spec)
spec.loader.exec_module(failover)

PRIMARY = "arn:aws:rds:us-east-1:123456789012:cluster:shop-us-east-1"
TARGET = "arn:aws:rds:eu-west-1:123456789012:cluster:shop-eu-west-1"
ENVIRONMENT = {
    "GLOBAL_CLUSTER_IDENTIFIER": "shop-global",
    "TARGET_CLUSTER_ARN": TARGET,
    "TARGET_CLUSTER_IDENTIFIER": "shop-eu-west-1",
    "PRIMARY_REGION": "us-east-1",
    "PRIMARY_CLUSTER_IDENTIFIER": "shop-us-east-1",
    "PROBE_HOST": "shop-use1-123.us-east-1.elb.amazonaws.com",
    "DOMAIN_NAME": "app.example.com",
    "HEALTH_CHECK_PATH": "/health",
    "MAX_DATA_LOSS_SECONDS": "60",
    "INSTANCE_CLASS": "db.r6g.large",
    "NOTIFY_TOPIC_ARN": "arn:aws:sns:eu-west-1:123456789012:shop-failover-decisions",
}
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)


def client(service, region):
    return boto3.client(service, region_name=region, aws_access_key_id="test", aws_secret_access_key="test")


def global_cluster(writer):
    return {
        "GlobalClusters": [
            {
                "GlobalClusterIdentifier": "shop-global",
                "GlobalClusterMembers": [
                    {"DBClusterArn": PRIMARY, "IsWriter": writer == PRIMARY},
                    {"DBClusterArn": TARGET, "IsWriter": writer == TARGET},
                ],
            }
        ]
    }


class Decisions(unittest.TestCase):
    def setUp(self):
        os.environ.update(ENVIRONMENT)
        self.cfg = failover.settings()
        self.rds = client("rds", "eu-west-1")
        self.primary_rds = client("rds", "us-east-1")
        self.cloudwatch = client("cloudwatch", "eu-west-1")
        self.stubs = [Stubber(c) for c in (self.rds, self.primary_rds, self.cloudwatch)]
        for stub in self.stubs:
            stub.activate()
        self.rds_stub, self.primary_stub, self.cloudwatch_stub = self.stubs

    def tearDown(self):
        for stub in self.stubs:
            stub.assert_no_pending_responses()
            stub.deactivate()

    def decide(self):
        return failover.decide(self.cfg, self.rds, self.primary_rds, self.cloudwatch, NOW, wait_seconds=15)

    def expect_members(self, writer):
        self.rds_stub.add_response("describe_global_clusters", global_cluster(writer), {"GlobalClusterIdentifier": "shop-global"})

    def expect_lag(self, values_ms):
        self.cloudwatch_stub.add_response(
            "get_metric_data",
            {"MetricDataResults": [{"Id": "lag", "Values": values_ms, "StatusCode": "Complete"}]},
            {"MetricDataQueries": ANY, "StartTime": ANY, "EndTime": ANY},
        )

    def expect_target_instances(self, members):
        self.rds_stub.add_response(
            "describe_db_clusters",
            {"DBClusters": [{"DBClusterIdentifier": "shop-eu-west-1", "Engine": "aurora-postgresql", "DBClusterMembers": members}]},
            {"DBClusterIdentifier": "shop-eu-west-1"},
        )

    def test_nothing_to_do_when_the_target_already_writes(self):
        self.expect_members(TARGET)
        self.assertEqual(self.decide()[0], "already")

    def test_switchover_without_data_loss_when_the_primary_database_answers(self):
        self.expect_members(PRIMARY)
        self.primary_stub.add_response("describe_db_clusters", {"DBClusters": [{"Status": "available"}]}, {"DBClusterIdentifier": "shop-us-east-1"})
        self.expect_target_instances([{"DBInstanceIdentifier": "shop-eu-west-1-1"}])
        self.rds_stub.add_response("switchover_global_cluster", {}, {"GlobalClusterIdentifier": "shop-global", "TargetDbClusterIdentifier": TARGET})
        self.assertEqual(self.decide()[0], "switchover")

    def test_failover_accepting_loss_only_within_the_limit(self):
        self.expect_members(PRIMARY)
        self.primary_stub.add_client_error("describe_db_clusters", service_error_code="ServiceUnavailable", http_status_code=503)
        self.expect_lag([900.0, 1800.0])
        self.expect_target_instances([{"DBInstanceIdentifier": "shop-eu-west-1-1"}])
        self.rds_stub.add_response("failover_global_cluster", {}, {"GlobalClusterIdentifier": "shop-global", "TargetDbClusterIdentifier": TARGET, "AllowDataLoss": True})
        outcome, why = self.decide()
        self.assertEqual(outcome, "failover")
        self.assertIn("1.8 s", why)

    def test_declines_when_the_lag_exceeds_the_limit(self):
        self.expect_members(PRIMARY)
        self.primary_stub.add_client_error("describe_db_clusters", service_error_code="ServiceUnavailable", http_status_code=503)
        self.expect_lag([61000.0])
        outcome, why = self.decide()
        self.assertEqual(outcome, "declined")
        self.assertIn("61.0 s exceeds", why)

    def test_declines_when_the_lag_is_unknown(self):
        self.expect_members(PRIMARY)
        self.primary_stub.add_client_error("describe_db_clusters", service_error_code="ServiceUnavailable", http_status_code=503)
        self.expect_lag([])
        self.assertEqual(self.decide()[0], "declined")

    def test_a_headless_cluster_gets_an_instance_before_promotion(self):
        self.expect_members(PRIMARY)
        self.primary_stub.add_client_error("describe_db_clusters", service_error_code="ServiceUnavailable", http_status_code=503)
        self.expect_lag([500.0])
        self.expect_target_instances([])
        self.rds_stub.add_response(
            "create_db_instance",
            {"DBInstance": {"DBInstanceIdentifier": "shop-eu-west-1-failover-1"}},
            {"DBInstanceIdentifier": "shop-eu-west-1-failover-1", "DBClusterIdentifier": "shop-eu-west-1", "DBInstanceClass": "db.r6g.large", "Engine": "aurora-postgresql"},
        )
        self.rds_stub.add_response(
            "describe_db_instances",
            {"DBInstances": [{"DBInstanceIdentifier": "shop-eu-west-1-failover-1", "DBInstanceStatus": "available"}]},
            {"DBInstanceIdentifier": "shop-eu-west-1-failover-1"},
        )
        self.rds_stub.add_response("failover_global_cluster", {}, {"GlobalClusterIdentifier": "shop-global", "TargetDbClusterIdentifier": TARGET, "AllowDataLoss": True})
        self.assertEqual(self.decide()[0], "failover")


class Probe(unittest.TestCase):
    def setUp(self):
        os.environ.update(ENVIRONMENT)

    def test_publishes_reachability_for_the_alarm(self):
        cloudwatch = client("cloudwatch", "eu-west-1")
        with Stubber(cloudwatch) as stub:
            for value, answers in ((0.0, lambda _cfg: False), (1.0, lambda _cfg: True)):
                stub.add_response(
                    "put_metric_data",
                    {},
                    {
                        "Namespace": "Regionwise/Failover",
                        "MetricData": [{"MetricName": "PrimaryReachable", "Dimensions": [{"Name": "GlobalCluster", "Value": "shop-global"}], "Value": value, "Unit": "Count"}],
                    },
                )
                failover.probe({}, None, cloudwatch=cloudwatch, answers=answers)
            stub.assert_no_pending_responses()

    def test_an_unreachable_host_is_a_failed_probe_not_an_error(self):
        cfg = dict(failover.settings(), probe_host="127.0.0.1")
        self.assertFalse(failover.primary_app_answers(cfg, timeout=1.0))


class Handler(unittest.TestCase):
    def test_only_alarm_state_acts_and_every_decision_is_reported(self):
        os.environ.update(ENVIRONMENT)
        rds, sns = client("rds", "eu-west-1"), client("sns", "eu-west-1")
        with Stubber(rds) as rds_stub, Stubber(sns) as sns_stub:
            rds_stub.add_response("describe_global_clusters", global_cluster(TARGET), {"GlobalClusterIdentifier": "shop-global"})
            sns_stub.add_response("publish", {"MessageId": "1"}, {"TopicArn": ENVIRONMENT["NOTIFY_TOPIC_ARN"], "Subject": ANY, "Message": ANY})
            event = {
                "Records": [
                    {"Sns": {"Message": json.dumps({"AlarmName": "x", "NewStateValue": "OK"})}},
                    {"Sns": {"Message": json.dumps({"AlarmName": "x", "NewStateValue": "ALARM"})}},
                ]
            }
            result = failover.handler(event, None, rds=rds, primary_rds=client("rds", "us-east-1"), cloudwatch=client("cloudwatch", "eu-west-1"), sns=sns)
            self.assertEqual(result["outcomes"], ["already"])
            rds_stub.assert_no_pending_responses()
            sns_stub.assert_no_pending_responses()


if __name__ == "__main__":
    unittest.main()

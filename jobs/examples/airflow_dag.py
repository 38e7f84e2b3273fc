"""klspark data-quality as an Airflow DAG (Airflow 2.x, apache-airflow-providers-apache-spark).

One task per day; the logical date of the DAG run is the job's --date, so backfills and reruns
("Clear" in the UI) replace exactly that date's partition of the history. The job's exit code
decides the task state: 0 success; 1 (warn, only with fail-on-warn) and 2 (a failing check) fail
the task without retries being useful; 3 is a job error (bad input, I/O, a held lock) and leaves
the output as it was, so a retry is safe. SparkSubmitOperator only sees "non-zero", so the check
is a failed task either way; read the run's summary.json for the verdict.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

KLSPARK_JAR = "/opt/klspark/klspark-spark-4.1_2.13-0.2.0.jar"  # mvn -B -DskipTests package
JOB_FILE = "flights-quality.yaml"  # shipped with --files, read from the driver's working dir

with DAG(
    dag_id="klspark_data_quality_flights",
    start_date=datetime(2001, 6, 1),
    schedule="@daily",
    catchup=False,
    max_active_runs=1,  # the job also locks its output; this avoids queuing on the lock
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
    tags=["klspark", "data-quality"],
) as dag:
    SparkSubmitOperator(
        task_id="data_quality",
        conn_id="spark_default",  # e.g. yarn or spark://host:7077
        application=KLSPARK_JAR,
        java_class="dev.klspark.quality.DataQualityJob",
        files="/opt/klspark/conf/flights-quality.yaml",
        application_args=[
            "--config", JOB_FILE,
            "--date", "{{ ds }}",
            "--input", "hdfs:///data/flights",
            "--output", "hdfs:///quality/flights",
        ],
        driver_memory="2g",
        executor_memory="4g",
        conf={"spark.sql.shuffle.partitions": "200"},
        name="klspark-data-quality-{{ ds }}",
    )

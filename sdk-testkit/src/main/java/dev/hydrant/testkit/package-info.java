/** Local emulator of the API Gateway to Firehose to S3 proxy Hydrant talks to. */
package dev.hydrant.testkit;

#!/bin/bash
# Runs inside the LocalStack container once SQS and DynamoDB accept requests.
# Queues and tables are NOT created here: `npm run start:docker` creates them from serverless.yml
# (resolved by serverless itself), so names and redrive settings never drift from what AWS gets.
echo "syncore: LocalStack ready (SQS, DynamoDB in eu-central-1); run 'npm run start:docker' on the host"

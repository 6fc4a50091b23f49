import { createApp } from "./create-app";

// The CDK CLI's entry (cdk.json "app"); the app synthesizes itself when the CLI runs it.
createApp();

# vpc: no dependencies

# vpc

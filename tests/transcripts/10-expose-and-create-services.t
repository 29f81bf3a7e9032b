# Services made from the command line, the course's way: `kubectl expose` puts a
# Service in front of what a Deployment selects, `kubectl create service` makes one
# that selects app=<name>. A StatefulSet is not exposed: its pods are reached
# through the headless Service named in its serviceName.
$ kubectl create deployment giropops-senhas --image=nginx --replicas=2 --port=80
deployment.apps/giropops-senhas created
$ kubectl expose deployment giropops-senhas --port=80 --type=NodePort
service/giropops-senhas exposed
$ kubectl expose deployment giropops-senhas --port=80 --target-port=8080 --name=giropops-senhas-clusterip
service/giropops-senhas-clusterip exposed
$ kubectl expose deployment giropops-senhas --port=80
Error from server (AlreadyExists): services "giropops-senhas" already exists
$ kubectl create service externalname meu-service --external-name meu-db.giropops.com.br
service/meu-service created
$ kubectl create service clusterip meu-cs --tcp=5678:8080 --dry-run=client -o yaml
apiVersion: v1
kind: Service
metadata:
  labels:
    app: meu-cs
  name: meu-cs
spec:
  ports:
  - name: 5678-8080
    port: 5678
    protocol: TCP
    targetPort: 8080
  selector:
    app: meu-cs
  type: ClusterIP
status:
  loadBalancer: {}
$ kubectl create service clusterip sem-porta
error: at least one tcp port specifier must be provided
$ wait
cluster settled after 2.8s
$ kubectl get svc
NAME                        TYPE           CLUSTER-IP      EXTERNAL-IP              PORT(S)        AGE
giropops-senhas             NodePort       10.96.139.162   <none>                   80:32103/TCP   2s
giropops-senhas-clusterip   ClusterIP      10.96.41.151    <none>                   80/TCP         2s
kubernetes                  ClusterIP      10.96.0.1       <none>                   443/TCP        2s
meu-service                 ExternalName   <none>          meu-db.giropops.com.br   <none>         2s
$ kubectl get endpointslices -l kubernetes.io/service-name=giropops-senhas
NAME                    ADDRESSTYPE   PORTS   ENDPOINTS               AGE
giropops-senhas-6sc2s   IPv4          80      10.244.1.2,10.244.2.2   1s
$ kubectl apply -f ../../examples/giropops.yaml
statefulset.apps/giropops created
service/nginx created
$ kubectl expose statefulset giropops --port=80
error: cannot expose a StatefulSet.apps
$ kubectl describe endpoints giropops-senhas
Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice
Name:         giropops-senhas
Namespace:    default
Labels:       app=giropops-senhas
Annotations:  <none>
Subsets:
  Addresses:          10.244.1.2,10.244.2.2
  NotReadyAddresses:  <none>
  Ports:
    Name     Port  Protocol
    ----     ----  --------
    <unset>  80    TCP

Events:  <none>
$ kubectl set image deployment/giropops-senhas nginx=nginx:1.27
deployment.apps/giropops-senhas image updated
$ wait
cluster settled after 8.3s
$ kubectl describe deployment giropops-senhas
Name:                   giropops-senhas
Namespace:              default
CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000
Labels:                 app=giropops-senhas
Annotations:            deployment.kubernetes.io/revision: 2
Selector:               app=giropops-senhas
Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=giropops-senhas
  Containers:
   nginx:
    Image:         nginx:1.27
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  giropops-senhas-6c4cdc89cb (0/0 replicas created)
NewReplicaSet:   giropops-senhas-65f748575d (2/2 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  11s   deployment-controller  Scaled up replica set giropops-senhas-6c4cdc89cb from 0 to 2
  Normal  ScalingReplicaSet  9s    deployment-controller  Scaled up replica set giropops-senhas-65f748575d from 0 to 1
  Normal  ScalingReplicaSet  7s    deployment-controller  Scaled down replica set giropops-senhas-6c4cdc89cb from 2 to 1
  Normal  ScalingReplicaSet  7s    deployment-controller  Scaled up replica set giropops-senhas-65f748575d from 1 to 2
  Normal  ScalingReplicaSet  5s    deployment-controller  Scaled down replica set giropops-senhas-6c4cdc89cb from 1 to 0

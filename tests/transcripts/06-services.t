# Services of every type in front of the same pods: ClusterIP, NodePort,
# LoadBalancer and ExternalName, next to the headless nginx.
$ kubectl apply -f ../../examples/giropops.yaml
statefulset.apps/giropops created
service/nginx created
$ kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: giropops-clusterip
spec:
  selector:
    app: nginx
  ports:
  - port: 80
    targetPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: giropops-nodeport
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
  - port: 80
    nodePort: 30080
---
apiVersion: v1
kind: Service
metadata:
  name: giropops-lb
spec:
  type: LoadBalancer
  selector:
    app: nginx
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: giropops-docs
spec:
  type: ExternalName
  externalName: kubernetes.io
EOF
service/giropops-clusterip created
service/giropops-nodeport created
service/giropops-lb created
service/giropops-docs created
$ wait
cluster settled after 8.8s
$ kubectl get svc
NAME                 TYPE           CLUSTER-IP      EXTERNAL-IP      PORT(S)        AGE
giropops-clusterip   ClusterIP      10.96.[..]   <none>           80/TCP         [..]
giropops-docs        ExternalName   <none>          kubernetes.io    <none>         [..]
giropops-lb          LoadBalancer   10.96.[..]    172.18.255.200   80:32657/TCP   [..]
giropops-nodeport    NodePort       10.96.[..]    <none>           80:30080/TCP   [..]
kubernetes           ClusterIP      10.96.0.1       <none>           443/TCP        [..]
nginx                ClusterIP      None            <none>           80/TCP         [..]
$ kubectl get svc -o wide
NAME                 TYPE           CLUSTER-IP      EXTERNAL-IP      PORT(S)        AGE   SELECTOR
giropops-clusterip   ClusterIP      10.96.[..]   <none>           80/TCP         8s    app=nginx
giropops-docs        ExternalName   <none>          kubernetes.io    <none>         8s    <none>
giropops-lb          LoadBalancer   10.96.[..]    172.18.255.200   80:32657/TCP   8s    app=nginx
giropops-nodeport    NodePort       10.96.[..]    <none>           80:30080/TCP   8s    app=nginx
kubernetes           ClusterIP      10.96.0.1       <none>           443/TCP        8s    <none>
nginx                ClusterIP      None            <none>           80/TCP         8s    app=nginx
$ kubectl get endpoints
Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice
NAME                 ENDPOINTS                                   AGE
giropops-clusterip   10.244.[..]:80,10.244.[..]:80,10.244.[..]:80   [..]
giropops-lb          10.244.[..]:80,10.244.[..]:80,10.244.[..]:80   [..]
giropops-nodeport    10.244.[..]:80,10.244.[..]:80,10.244.[..]:80   [..]
kubernetes           172.18.0.254:6443                           [..]
nginx                10.244.[..]:80,10.244.[..]:80,10.244.[..]:80   [..]
$ kubectl exec giropops-0 -- nslookup giropops-clusterip
Server:		10.96.0.10
Address:	10.96.0.10#53

Name:	giropops-clusterip.default.svc.cluster.local
Address: 10.96.[..]

$ kubectl exec giropops-0 -- nslookup giropops-docs
Server:		10.96.0.10
Address:	10.96.0.10#53

giropops-docs.default.svc.cluster.local	canonical name = kubernetes.io.

$ kubectl describe svc giropops-nodeport
Name:                     giropops-nodeport
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=nginx
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.[..]
IPs:                      10.96.[..]
Port:                     <unset>  80/TCP
TargetPort:               80/TCP
NodePort:                 <unset>  30080/TCP
Endpoints:                10.244.[..]:80,10.244.[..]:80,10.244.[..]:80
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
$ kubectl delete svc giropops-docs
service "giropops-docs" deleted from default namespace
